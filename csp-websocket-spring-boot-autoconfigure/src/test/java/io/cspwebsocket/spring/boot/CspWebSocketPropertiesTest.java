package io.cspwebsocket.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cspwebsocket.impl.CspInitParameters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Every property maps onto its init parameter, in a form the library parses; unset ones stay unset. */
class CspWebSocketPropertiesTest {

    @Test
    void unsetPropertiesLeaveTheLibraryDefaults() {
        assertEquals(Map.of(), new CspWebSocketProperties().toInitParameters());
    }

    @Test
    void everyPropertyBecomesItsInitParameter() {
        CspWebSocketProperties properties = new CspWebSocketProperties();
        properties.setMaxMessageSize(DataSize.ofKilobytes(1));
        properties.setSendTimeout(Duration.ofSeconds(5));
        properties.setInboxCapacity(DataSize.ofKilobytes(16));
        properties.setOutboxCapacity(DataSize.ofMegabytes(2));
        properties.setShutdownTimeout(Duration.ofMillis(2500));
        properties.setAllowedOrigins(List.of("https://a.example", "https://b.example"));
        properties.setTrustForwardedHeaders(true);
        properties.setPingInterval(Duration.ofSeconds(20));
        properties.setIdleTimeout(Duration.ofMinutes(2));
        properties.getCluster().setRedis("redis://127.0.0.1:6379");
        properties.getCluster().setNodeId("node-1");
        properties.getCluster().setLease(Duration.ofSeconds(10));
        properties.getCluster().setKeyPrefix("csp:app");
        properties.getInitParameters().put("io.cspwebsocket.other", "x");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("io.cspwebsocket.other", "x");
        expected.put(CspInitParameters.MAX_MESSAGE_SIZE, "1024");
        expected.put(CspInitParameters.SEND_TIMEOUT, "5000ms");
        expected.put(CspInitParameters.INBOX_CAPACITY, "16384");
        expected.put(CspInitParameters.OUTBOX_CAPACITY, "2097152");
        expected.put(CspInitParameters.SHUTDOWN_TIMEOUT, "2500ms");
        expected.put(CspInitParameters.ALLOWED_ORIGINS, "https://a.example,https://b.example");
        expected.put(CspInitParameters.TRUST_FORWARDED_HEADERS, "true");
        expected.put(CspInitParameters.PING_INTERVAL, "20000ms");
        expected.put(CspInitParameters.IDLE_TIMEOUT, "120000ms");
        expected.put("io.cspwebsocket.cluster.redis", "redis://127.0.0.1:6379");
        expected.put("io.cspwebsocket.cluster.nodeId", "node-1");
        expected.put("io.cspwebsocket.cluster.lease", "10000ms");
        expected.put("io.cspwebsocket.cluster.keyPrefix", "csp:app");
        assertEquals(expected, properties.toInitParameters());
        // and the library reads them back as meant
        var config = io.cspwebsocket.impl.internal.CspConfig.from(properties.toInitParameters()::get);
        assertEquals(1024, config.maxMessageSize());
        assertEquals(Duration.ofSeconds(5), config.sendTimeout());
        assertEquals(16384, config.inboxCapacity());
        assertEquals(List.of("https://a.example", "https://b.example"), config.allowedOrigins());
        assertEquals(Duration.ofMinutes(2), config.idleTimeout());
    }

    @Test
    void aParameterSetTwiceIsAnError() {
        CspWebSocketProperties properties = new CspWebSocketProperties();
        properties.setMaxMessageSize(DataSize.ofKilobytes(1));
        properties.getInitParameters().put(CspInitParameters.MAX_MESSAGE_SIZE, "2048");
        assertThrows(IllegalStateException.class, properties::toInitParameters);
    }
}
