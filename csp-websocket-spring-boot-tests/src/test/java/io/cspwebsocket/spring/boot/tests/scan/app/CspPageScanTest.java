package io.cspwebsocket.spring.boot.tests.scan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cspwebsocket.spring.boot.tests.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/** {@code @CspPageScan} replaces the default packages (those of {@code @SpringBootApplication}). */
@SpringBootTest(classes = ScanApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CspPageScanTest {

    @Autowired
    private Environment environment;

    private String url(String path) {
        return "ws://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }

    @Test
    void servesThePagesOfTheNamedPackagesOnly() throws Exception {
        try (WsClient client = WsClient.connect(url("/csp/user/Spring.Scanned.cls"))) {
            assertEquals("scanned", client.next());
            assertEquals(1000, client.awaitClose());
        }
        assertEquals(404, WsClient.handshakeStatus(url("/csp/user/Spring.Local.cls"), Map.of()));
    }
}
