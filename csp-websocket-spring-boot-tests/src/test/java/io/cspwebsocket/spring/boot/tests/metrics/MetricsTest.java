package io.cspwebsocket.spring.boot.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spring.boot.tests.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * The starter's meters and health indicator with Actuator and the Prometheus registry: real sockets
 * and refused handshakes, read back through {@code /actuator/metrics}, {@code /actuator/prometheus}
 * and {@code /actuator/health}, as an operator reads them.
 */
@SpringBootTest(classes = MetricsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health,metrics,prometheus",
                // Boot 3.5's tests keep only an in-memory registry unless told otherwise (4.0's test starter does
                // not): the Prometheus one is wanted.
                "spring.test.observability.auto-configure=true",
                "management.endpoint.health.show-details=always",
                "csp.websocket.send-timeout=2s"})
class MetricsTest {

    private static final String ECHO = "/csp/user/Metered.Echo.cls";
    private static final String SHARED = "/csp/user/Metered.Shared.cls";

    @Autowired
    private Environment environment;
    private Actuator actuator;

    @BeforeEach
    void actuator() {
        actuator = new Actuator(environment.getProperty("local.server.port"));
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }

    @Test
    void metersCountSocketsMessagesBytesRefusalsAndCallbackErrors() throws Exception {
        double openedEcho = actuator.metric("csp.websocket.sockets.opened", "page:Metered.Echo");
        double in = actuator.metric("csp.websocket.messages", "direction:in");
        double out = actuator.metric("csp.websocket.messages", "direction:out");
        double bytesIn = actuator.metric("csp.websocket.bytes", "direction:in");
        double bytesOut = actuator.metric("csp.websocket.bytes", "direction:out");
        double origin = actuator.metric("csp.websocket.handshakes.refused", "reason:origin");
        double preServer = actuator.metric("csp.websocket.handshakes.refused", "reason:on-pre-server");
        double badRequest = actuator.metric("csp.websocket.handshakes.refused", "reason:bad-request");
        double errors = actuator.metric("csp.websocket.callback.errors");
        double timeouts = actuator.metric("csp.websocket.send.timeouts");

        try (WsClient echo1 = WsClient.connect(url(ECHO)); WsClient echo2 = WsClient.connect(url(ECHO));
             WsClient shared = WsClient.connect(url(SHARED))) {
            assertEquals("héllo", echo1.ask("héllo")); // 6 bytes in UTF-8
            assertEquals("abc", echo2.ask("abc"));
            assertEquals("xy", shared.ask("xy"));

            assertEquals(2, actuator.metric("csp.websocket.sockets.open", "page:Metered.Echo", "mode:synchronous"));
            assertEquals(0, actuator.metric("csp.websocket.sockets.open", "page:Metered.Echo", "mode:shared"));
            assertEquals(1, actuator.metric("csp.websocket.sockets.open", "page:Metered.Shared", "mode:shared"));
            Actuator.await(3, () -> actuator.metric("csp.websocket.sockets.open", "application:/"), "open in all");
            assertEquals(openedEcho + 2, actuator.metric("csp.websocket.sockets.opened", "page:Metered.Echo"));
            assertEquals(in + 3, actuator.metric("csp.websocket.messages", "direction:in"));
            Actuator.await(out + 3, () -> actuator.metric("csp.websocket.messages", "direction:out"), "messages out");
            assertEquals(bytesIn + 11, actuator.metric("csp.websocket.bytes", "direction:in"));
            Actuator.await(bytesOut + 11, () -> actuator.metric("csp.websocket.bytes", "direction:out"), "bytes out");

            assertEquals(403, WsClient.handshakeStatus(url(ECHO), Map.of("Origin", "https://elsewhere.example")));
            assertEquals(403, WsClient.handshakeStatus(url(ECHO + "?refuse=yes"), Map.of()));
            // A plain GET of the page's URL is no WebSocket upgrade: 400 or 426, before any page code.
            int plainGet = actuator.get(ECHO).statusCode();
            assertTrue(plainGet == 400 || plainGet == 426, "HTTP " + plainGet);
            assertEquals(origin + 1, actuator.metric("csp.websocket.handshakes.refused", "reason:origin"));
            assertEquals(preServer + 1, actuator.metric("csp.websocket.handshakes.refused", "reason:on-pre-server"));
            assertEquals(badRequest + 1, actuator.metric("csp.websocket.handshakes.refused", "reason:bad-request"));

            shared.send("fail");
            assertEquals(1011, shared.awaitClose());
            Actuator.await(errors + 1, () -> actuator.metric("csp.websocket.callback.errors"), "callback errors");
            Actuator.await(0, () -> actuator.metric("csp.websocket.sockets.open", "page:Metered.Shared"), "shared open");

            HttpResponse<String> prometheus = actuator.get("/actuator/prometheus");
            assertEquals(200, prometheus.statusCode());
            String text = prometheus.body();
            assertEquals(2, Actuator.prometheus(text, "csp_websocket_sockets_open",
                    Map.of("application", "/", "page", "Metered.Echo", "mode", "synchronous")));
            assertEquals(openedEcho + 2, Actuator.prometheus(text, "csp_websocket_sockets_opened_total",
                    Map.of("application", "/", "page", "Metered.Echo")));
            assertEquals(in + 4, Actuator.prometheus(text, "csp_websocket_messages_total",
                    Map.of("application", "/", "direction", "in")));
            assertEquals(bytesIn + 15, Actuator.prometheus(text, "csp_websocket_bytes_total",
                    Map.of("application", "/", "direction", "in")));
            assertEquals(origin + 1, Actuator.prometheus(text, "csp_websocket_handshakes_refused_total",
                    Map.of("application", "/", "reason", "origin")));
            assertEquals(errors + 1, Actuator.prometheus(text, "csp_websocket_callback_errors_total",
                    Map.of("application", "/")));
            assertEquals(timeouts, Actuator.prometheus(text, "csp_websocket_send_timeouts_total",
                    Map.of("application", "/")));
        }
    }

    @Test
    void sendTimeoutIsCounted() throws Exception {
        double timeouts = actuator.metric("csp.websocket.send.timeouts");
        // A client that never asks for a message: the JDK client then stops reading the socket.
        WebSocket.Listener notReading = new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                // no request(1)
            }
        };
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url("/csp/user/Metered.Flood.cls")), notReading).get(10, TimeUnit.SECONDS);
        try {
            Actuator.await(timeouts + 1, () -> actuator.metric("csp.websocket.send.timeouts"), "send timeouts");
            Actuator.await(0, () -> actuator.metric("csp.websocket.sockets.open", "page:Metered.Flood"), "flood open");
        } finally {
            socket.abort();
        }
    }

    @Test
    void healthIsUpOnOneNode() throws Exception {
        HttpResponse<String> health = actuator.get("/actuator/health");
        assertEquals(200, health.statusCode(), health.body());
        String component = Actuator.healthComponent(health.body(), "cspWebSocket");
        assertTrue(component.contains("\"status\":\"UP\""), component);
        assertTrue(component.contains("\"cluster\":\"none\""), component);
        assertTrue(component.contains("\"application\":\"/\""), component);
    }
}
