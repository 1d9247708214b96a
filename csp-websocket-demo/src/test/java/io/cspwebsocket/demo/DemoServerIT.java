package io.cspwebsocket.demo;

import static io.cspwebsocket.demo.WebSocketRecorder.assertCloseCode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo as a newcomer runs it: {@code java -jar csp-websocket-demo-launcher.jar} (embedded
 * Tomcat serving the WAR), spoken to by a real WebSocket client (the JDK's) over 127.0.0.1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoServerIT {

    private static LauncherProcess launcher;

    @BeforeAll
    static void startLauncher() {
        launcher = LauncherProcess.start(DemoTestEnvironment.newWorkDir("launcher-"));
    }

    @AfterAll
    static void stopLauncher() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    void indexPageIsServedAtTheContextRoot() throws IOException {
        HttpResponse<String> root = Http.get(launcher.baseUri());
        HttpResponse<String> script = Http.get(launcher.baseUri().resolve("js/echo.js"));

        assertAll(
                () -> assertEquals(200, root.statusCode(), "GET /"),
                () -> assertTrue(root.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                        "Content-Type of / : " + root.headers().firstValue("Content-Type")),
                () -> assertTrue(root.body().contains("/csp/user/MyApp.MyWebSocketServer.cls"), "index.html names the page URL"),
                () -> assertTrue(root.body().contains("<script src=\"js/echo.js\">"), "index.html loads js/echo.js"),
                () -> assertEquals(200, Http.get(launcher.baseUri().resolve("index.html")).statusCode(), "GET /index.html"),
                () -> assertEquals(200, script.statusCode(), "GET /js/echo.js"),
                () -> assertTrue(script.body().contains("new WebSocket(url, \"chat\")"), "echo.js opens the socket with \"chat\""),
                () -> assertTrue(script.body().contains("\"csp/user/MyApp.MyWebSocketServer.cls\""), "echo.js has the page URL"),
                () -> assertTrue(script.body().contains("window.location.host"), "echo.js builds the URL from the page's host"));
    }

    @Test
    void echoesEachMessageAndSelectsTheChatSubprotocol() {
        try (WebSocketRecorder client = WebSocketRecorder.connect(launcher.webSocketUri(DemoTestEnvironment.ECHO_PAGE_PATH), "chat")) {
            assertEquals("chat", client.subprotocol(), "Sec-WebSocket-Protocol of the 101 response");

            client.send("hello");
            assertEquals("hello", client.expectText());
            String unicode = "Grüße, 世界 \uD83D\uDC4B";
            client.send(unicode);
            assertEquals(unicode, client.expectText());
            String large = "x".repeat(20_000);
            client.send(large);
            assertEquals(large, client.expectText(), "a 20,000-character message comes back whole");
            client.assertExhausted();
        }
    }

    @Test
    void exitEndsTheServerWithCloseCode1000() {
        try (WebSocketRecorder client = WebSocketRecorder.connect(launcher.webSocketUri(DemoTestEnvironment.ECHO_PAGE_PATH), "chat")) {
            client.send("before exit");
            assertEquals("before exit", client.expectText());

            client.send("exit");
            assertCloseCode(1000, client.expectClose());
            client.assertExhausted();
        }
    }

    @Test
    void eachClientHasItsOwnServerLoop() {
        try (WebSocketRecorder first = WebSocketRecorder.connect(launcher.webSocketUri(DemoTestEnvironment.ECHO_PAGE_PATH), "chat");
             WebSocketRecorder second = WebSocketRecorder.connect(launcher.webSocketUri(DemoTestEnvironment.ECHO_PAGE_PATH), "chat")) {
            first.send("one");
            second.send("two");
            assertEquals("two", second.expectText());
            assertEquals("one", first.expectText());

            first.send("exit");
            assertCloseCode(1000, first.expectClose());
            second.send("still here");
            assertEquals("still here", second.expectText(), "ending one page leaves the other running");
            first.assertExhausted();
            second.assertExhausted();
        }
    }

    @Test
    void silentClientIsToldTheServerTimedOut() {
        try (WebSocketRecorder client = WebSocketRecorder.connect(launcher.webSocketUri(DemoTestEnvironment.ECHO_PAGE_PATH), "chat")) {
            Instant connected = Instant.now();
            // The page reads with a 10-second timeout (status 7950) and then writes this message.
            String message = client.expectText(Duration.ofSeconds(10).plus(DemoTestEnvironment.EVENT_TIMEOUT));
            Duration waited = Duration.between(connected, Instant.now());

            assertTrue(message.startsWith("Server timed-out at "), message);
            Instant reported = Instant.parse(message.substring("Server timed-out at ".length()));
            assertTrue(!reported.isBefore(connected.minusSeconds(1)), "reported time " + reported + " is after connect " + connected);
            assertTrue(waited.compareTo(Duration.ofSeconds(9)) >= 0, "time-out came after the 10 s read, not early: " + waited);

            client.send("after the time-out");
            assertEquals("after the time-out", client.expectText(), "the socket stays open after a read time-out");
            client.send("exit");
            assertCloseCode(1000, client.expectClose());
            client.assertExhausted();
        }
    }
}
