package io.cspwebsocket.spring.boot.tests.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spring.boot.tests.WsClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * The echo page in a Spring Boot application: served at its usual URL by the starter alone,
 * created through the application context once per connection, ended after {@code onPostServer},
 * with the {@code csp.websocket.*} properties applied.
 */
@SpringBootTest(classes = EchoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"echo.suffix=!", "csp.websocket.max-message-size=1KB",
                "csp.websocket.allowed-origins=https://allowed.example"})
class EchoApplicationTest {

    @Autowired
    private Environment environment;
    @Autowired
    private PageCensus census;

    private String url(String path) {
        return "ws://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }

    @Test
    void echoesThroughAnInjectedBeanAndClosesNormally() throws Exception {
        try (WsClient client = WsClient.connect(url("/csp/user/Spring.Echo.cls"))) {
            assertEquals("Hello, world!", client.ask("world"));
            client.send("exit");
            assertEquals(1000, client.awaitClose());
        }
    }

    @Test
    void pageGetsConstructorFieldAndValueInjection() throws Exception {
        try (WsClient client = WsClient.connect(url("/csp/user/Spring.Echo.cls"))) {
            assertEquals("true|!", client.ask("injected"));
        }
    }

    @Test
    void oneInstancePerConnectionEndedAfterOnPostServer() throws Exception {
        int before = census.count();
        List<WsClient> clients = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(WsClient.connect(url("/csp/user/Spring.Echo.cls")));
            }
            for (WsClient client : clients) {
                numbers.add(client.ask("number"));
            }
            assertEquals(3, numbers.size(), "each connection has its own page: " + numbers);
            assertEquals(before + 3, census.count());
            for (WsClient client : clients) {
                client.send("exit");
                assertEquals(1000, client.awaitClose());
            }
        } finally {
            clients.forEach(WsClient::close);
        }
        for (String number : numbers) {
            awaitEvent("preDestroy " + number);
            List<String> events = census.events();
            int postServer = events.indexOf("onPostServer " + number);
            assertTrue(postServer >= 0 && postServer < events.indexOf("preDestroy " + number),
                    "onPostServer, then @PreDestroy: " + events);
        }
    }

    @Test
    void aPageThatRefusesInOnPreServerIsDestroyedAtOnce() throws Exception {
        int before = census.count();
        assertEquals(403, WsClient.handshakeStatus(url("/csp/user/Spring.Echo.cls?refuse=yes"), Map.of()));
        assertEquals(before + 1, census.count());
        String number = Integer.toString(before + 1);
        awaitEvent("preDestroy " + number);
        List<String> events = census.events();
        assertTrue(events.contains("onPreServer " + number) && !events.contains("onPostServer " + number), events.toString());
    }

    @Test
    void maxMessageSizePropertyClosesWith1009() throws Exception {
        try (WsClient client = WsClient.connect(url("/csp/user/Spring.Echo.cls"))) {
            assertEquals("Hello, " + "a".repeat(1000) + "!", client.ask("a".repeat(1000)));
            client.send("a".repeat(1025));
            assertEquals(1009, client.awaitClose());
        }
    }

    @Test
    void allowedOriginsPropertyIsApplied() throws Exception {
        try (WsClient client = WsClient.connect(url("/csp/user/Spring.Echo.cls"), Map.of("Origin", "https://allowed.example"))) {
            assertEquals("Hello, x!", client.ask("x"));
        }
        int before = census.count();
        assertEquals(403, WsClient.handshakeStatus(url("/csp/user/Spring.Echo.cls"), Map.of("Origin", "https://evil.example")));
        assertEquals(before, census.count(), "no page is created for a refused Origin");
    }

    @Test
    void unknownPageIs404() throws Exception {
        assertEquals(404, WsClient.handshakeStatus(url("/csp/user/java.lang.Runtime.cls"), Map.of()));
    }

    private void awaitEvent(String event) throws InterruptedException {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (!census.events().contains(event)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + event + "' in " + census.events());
            }
            Thread.sleep(20);
        }
    }
}
