package io.cspwebsocket.tck.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo WAR ({@code csp-websocket-demo.war}, as the demo module builds it), unchanged, in
 * embedded Jetty 12 (ee10) at the context root, deployed as a WAR dropped into Jetty's
 * {@code webapps/} is: annotation scanning finds the library's initializer in
 * {@code WEB-INF/lib}, nothing is registered by hand. One echo round trip with the JDK client
 * over a real socket proves the WAR is served; the TCK proves the rest on Jetty.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoWarOnJettyIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String ECHO_PAGE = "csp/user/MyApp.MyWebSocketServer.cls";

    private static EmbeddedJetty jetty;

    @BeforeAll
    static void deployTheDemoWar() throws Exception {
        Path war = Path.of(System.getProperty("demo.war", "target/demo-war/csp-websocket-demo.war"));
        assertTrue(Files.isRegularFile(war), "the demo WAR is not at " + war + " (the build copies it there)");
        jetty = new EmbeddedJetty("127.0.0.1", 0);
        jetty.start();
        jetty.deploy(war, "/");
    }

    @AfterAll
    static void stopJetty() throws Exception {
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void theEchoPageAnswersOverARealSocket() throws Exception {
        URI page = URI.create("ws://127.0.0.1:" + jetty.port() + "/" + ECHO_PAGE);
        try (TextWebSocketClient client = TextWebSocketClient.connect(page, TIMEOUT, "chat")) {
            assertEquals("chat", client.subprotocol(), "the subprotocol selected at " + page);
            client.send("hello from Jetty 12");
            assertEquals(new TextWebSocketClient.Event("hello from Jetty 12", -1), client.next(), "the echo");
            client.send("exit");
            TextWebSocketClient.Event close = client.next();
            assertNull(close.text(), "a close frame after exit, not " + close.text());
            assertEquals(1000, close.closeCode(), "the page's endServer()");
            assertFalse(client.hasMore(), "nothing after the close frame");
        }
    }

    @Test
    void theDemosBrowserPageIsServed() throws Exception {
        HttpResponse<String> index = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jetty.port() + "/")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode(), "GET / of the demo");
        assertTrue(index.body().contains(ECHO_PAGE.substring(ECHO_PAGE.lastIndexOf('/') + 1)),
                "the demo's index.html names the echo page");
    }
}
