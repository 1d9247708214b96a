package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The init parameters and their defaults. */
class RedisSettingsTest {

    private static RedisSettings settings(Map<String, String> parameters, String application) {
        return RedisSettings.from(parameters::get, application, Duration.ofSeconds(30));
    }

    private static Map<String, String> with(String... pairs) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, "redis://127.0.0.1:6379");
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.put(pairs[i], pairs[i + 1]);
        }
        return parameters;
    }

    @Test
    void withoutTheUriThereIsNoCluster() {
        assertNull(settings(Map.of(), "/app"));
        assertNull(settings(Map.of(RedisClusterParameters.REDIS, "  "), "/app"));
    }

    @Test
    void defaults() {
        RedisSettings settings = settings(with(), "/chat");
        assertEquals("csp:/chat", settings.keyPrefix());
        assertEquals(Duration.ofSeconds(10), settings.lease());
        assertTrue(RedisSettings.NODE_ID.matcher(settings.nodeId()).matches(), settings.nodeId());
        assertEquals(10, settings.nodeId().length());
        assertEquals("csp", settings(with(), "").keyPrefix());
        assertEquals("csp", settings(with(), "/").keyPrefix(), "the adapter names the root context /");
        assertEquals(Duration.ofSeconds(10), settings.commandTimeout(), "the send timeout, at most 10 s");
        assertEquals(Duration.ofMillis(3333), settings.renewalPeriod().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void explicitValues() {
        RedisSettings settings = settings(with(RedisClusterParameters.NODE_ID, "web-1_a", RedisClusterParameters.LEASE, "2s",
                RedisClusterParameters.KEY_PREFIX, "shop"), "/chat");
        assertEquals("web-1_a", settings.nodeId());
        assertEquals(Duration.ofSeconds(2), settings.lease());
        assertEquals("shop", settings.keyPrefix());
        assertEquals("127.0.0.1", settings.uri().getHost());
        assertEquals(6379, settings.uri().getPort());
    }

    @ParameterizedTest
    @CsvSource({"10s,10000", "500ms,500", "2m,120000", "PT1.5S,1500", "1500,1500"})
    void leaseFormats(String lease, long millis) {
        assertEquals(millis, settings(with(RedisClusterParameters.LEASE, lease), "").lease().toMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "x~y", "123456789012345678901234567890123", "é"})
    void badNodeIds(String nodeId) {
        if (nodeId.isEmpty()) {
            return; // blank means the default
        }
        assertThrows(IllegalArgumentException.class, () -> settings(with(RedisClusterParameters.NODE_ID, nodeId), ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1s", "499ms", "ten seconds"})
    void badLeases(String lease) {
        assertThrows(IllegalArgumentException.class, () -> settings(with(RedisClusterParameters.LEASE, lease), ""));
    }

    @Test
    void badUris() {
        assertThrows(IllegalArgumentException.class, () -> settings(with(RedisClusterParameters.REDIS, "http://x"), ""));
        assertThrows(IllegalArgumentException.class,
                () -> settings(with(RedisClusterParameters.REDIS, "redis-sentinel://127.0.0.1:26379"), ""),
                "a Sentinel URI without its master's name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-sentinel://127.0.0.1:26379,127.0.0.1:26380,127.0.0.1:26381#mymaster",
            "redis-sentinel://127.0.0.1:26379,127.0.0.1:26380?sentinelMasterId=mymaster"})
    void sentinelUris(String uri) {
        RedisSettings settings = settings(with(RedisClusterParameters.REDIS, uri), "");
        assertEquals("mymaster", settings.uri().getSentinelMasterId());
        assertFalse(settings.uri().getSentinels().isEmpty());
    }
}
