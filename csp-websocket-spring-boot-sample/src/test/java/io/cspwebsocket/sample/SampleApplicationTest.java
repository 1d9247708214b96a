package io.cspwebsocket.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/** The sample as a user meets it: the echo page, the chat with its rooms, the browser pages, the admin push. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private Environment environment;

    private String url(String scheme, String path) {
        return scheme + "://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }

    @Test
    void echoPageEchoesAndEndsOnExit() throws Exception {
        Client client = Client.connect(http, url("ws", "/csp/user/MyApp.MyWebSocketServer.cls"));
        client.socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
        assertEquals("hello", client.next());
        client.socket.sendText("exit", true).get(5, TimeUnit.SECONDS);
        assertEquals("closed 1000", client.next());
    }

    @Test
    void chatWelcomesWithTheRoomsOfTheServiceAndRefusesOthers() throws Exception {
        Client alice = Client.connect(http, url("ws", "/csp/user/MyApp.Chat.cls?room=java"));
        String welcome = alice.next();
        assertTrue(welcome.startsWith("{\"type\":\"welcome\"") && welcome.contains("\"room\":\"java\"")
                && welcome.contains("\"rooms\":[\"lobby\",\"java\",\"iris\"]"), welcome);
        alice.socket.sendText("hi", true).get(5, TimeUnit.SECONDS);
        assertTrue(alice.next().contains("\"text\":\"hi\""));
        HttpResponse<String> push = http.send(HttpRequest.newBuilder(URI.create(url("http", "/admin/push")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("message=news&room=java")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("pushed to 1 socket(s) in room java", push.body());
        assertTrue(alice.next().contains("\"type\":\"admin\""));
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> Client.connect(http, url("ws", "/csp/user/MyApp.Chat.cls?room=nowhere")));
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        alice.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void servesTheRoomListAndTheDemoBrowserPages() throws Exception {
        assertEquals("[\"lobby\",\"java\",\"iris\"]", http.send(HttpRequest.newBuilder(URI.create(url("http", "/rooms"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (String page : new String[] {"/", "/chat.html", "/js/chat.js", "/js/echo.js"}) {
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(url("http", page))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), page);
        }
    }

    /** A JDK WebSocket client that queues text messages and its close as "closed <code>". */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Client connect(HttpClient http, String url) throws Exception {
            Client client = new Client();
            client.socket = http.newWebSocketBuilder().subprotocols("chat").buildAsync(URI.create(url), client)
                    .get(5, TimeUnit.SECONDS);
            return client;
        }

        String next() throws InterruptedException {
            String message = received.poll(5, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("nothing received");
            }
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add("closed " + statusCode);
            return null;
        }
    }
}
