package io.cspwebsocket.spring.boot.tests.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cspwebsocket.spring.boot.tests.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/** Under {@code server.servlet.context-path} a page is at {@code <context path><application>/<name>.cls} (SPEC §1.1). */
@SpringBootTest(classes = EchoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"echo.suffix=!", "server.servlet.context-path=/app"})
class ContextPathTest {

    @Autowired
    private Environment environment;

    @Test
    void pagesAreServedBelowTheContextPath() throws Exception {
        String base = "ws://127.0.0.1:" + environment.getProperty("local.server.port");
        try (WsClient client = WsClient.connect(base + "/app/csp/user/Spring.Echo.cls")) {
            assertEquals("Hello, path!", client.ask("path"));
        }
        assertEquals(404, WsClient.handshakeStatus(base + "/csp/user/Spring.Echo.cls", Map.of()));
    }
}
