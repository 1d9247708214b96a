package io.cspwebsocket.demo;

import static io.cspwebsocket.demo.WebSocketRecorder.assertCloseCode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared-mode chat {@code MyApp.Chat} and its admin servlet, on the demo launcher (embedded
 * Tomcat serving the WAR), spoken to by JDK WebSocket clients and an HTTP client over 127.0.0.1.
 *
 * <p>Each test uses rooms of its own, so that tests never see each other's messages.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatServerIT {

    private static final String CHAT_PAGE_PATH = "csp/user/MyApp.Chat.cls";
    /** SPEC §6.4: at least 122 random bits in RFC 3986 unreserved characters. */
    private static final Pattern WEBSOCKET_ID = Pattern.compile("[A-Za-z0-9._~-]{22,}");
    private static final Pattern PUSHED = Pattern.compile("^pushed to (\\d+) socket\\(s\\) in (all rooms|room \\S+)$");
    private static final AtomicInteger ROOM_NUMBER = new AtomicInteger();

    private static LauncherProcess launcher;

    @BeforeAll
    static void startLauncher() {
        launcher = LauncherProcess.start(DemoTestEnvironment.newWorkDir("chat-"));
    }

    @AfterAll
    static void stopLauncher() {
        if (launcher != null) {
            launcher.close();
        }
    }

    /** A chat client that has joined a room and received its welcome. */
    private record Member(WebSocketRecorder socket, String id, String room, List<String> others) implements AutoCloseable {

        /** Takes the next message, which must be of {@code type}. */
        Map<String, Object> expect(String type) {
            String text = socket.expectText();
            Map<String, Object> message = ChatJson.parse(text);
            assertEquals(type, message.get("type"), "message type of " + text);
            return message;
        }

        /** Takes the next message, which must be the chat line {@code text} from {@code from}. */
        void expectLine(Member from, String text) {
            assertEquals(Map.of("type", "message", "from", from.id(), "room", room, "text", text), expect("message"));
        }

        void say(String text) {
            socket.send(text);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void chatPageIsServedAndLinkedFromTheIndex() throws IOException {
        HttpResponse<String> index = Http.get(launcher.baseUri());
        HttpResponse<String> page = Http.get(launcher.baseUri().resolve("chat.html"));
        HttpResponse<String> script = Http.get(launcher.baseUri().resolve("js/chat.js"));
        assertAll(
                () -> assertTrue(index.body().contains("href=\"chat.html\""), "index.html links the chat page"),
                () -> assertEquals(200, page.statusCode(), "GET /chat.html"),
                () -> assertTrue(page.body().contains("<script src=\"js/chat.js\">"), "chat.html loads js/chat.js"),
                () -> assertEquals(200, script.statusCode(), "GET /js/chat.js"),
                () -> assertTrue(script.body().contains("socket = new WebSocket(url, \"chat\")"), "chat.js opens the socket with \"chat\""),
                () -> assertTrue(script.body().contains("\"csp/user/MyApp.Chat.cls\""), "chat.js has the page URL"));
    }

    @Test
    void theWebSocketIdIsSentOnOpen() {
        // Only this test uses the default room.
        try (Member first = join(null);
             Member second = join("")) {
            assertAll(
                    () -> assertEquals(ChatServer.DEFAULT_ROOM, first.room(), "no room parameter: the lobby"),
                    () -> assertEquals(ChatServer.DEFAULT_ROOM, second.room(), "an empty room parameter: the lobby"),
                    () -> assertEquals(List.of(), first.others(), "the first in the lobby is alone"),
                    () -> assertEquals(List.of(first.id()), second.others(), "the second sees the first"),
                    () -> assertNotEquals(first.id(), second.id(), "ids are unique"));
            assertEquals(Map.of("type", "join", "id", second.id(), "room", ChatServer.DEFAULT_ROOM), first.expect("join"));

            // The id the server sent is the sender's id on its lines.
            second.say("hi, I am " + second.id());
            second.expectLine(second, "hi, I am " + second.id());
            first.expectLine(second, "hi, I am " + second.id());
            first.socket().assertExhausted();
            second.socket().assertExhausted();
        }
    }

    @Test
    void roomsIsolateMessages() {
        String red = newRoom("red");
        String blue = newRoom("blue");
        try (Member red1 = join(red);
             Member red2 = join(red);
             Member blue1 = join(blue)) {
            assertEquals(List.of(red1.id()), red2.others());
            assertEquals(List.of(), blue1.others(), "the other room's members are not listed");
            assertEquals(red2.id(), red1.expect("join").get("id"));

            red1.say("hello red");
            red1.expectLine(red1, "hello red");
            red2.expectLine(red1, "hello red");

            // Quotes, backslashes, control characters and non-ASCII text survive the JSON.
            String tricky = "He said \"hi\" \\ then\nleft\t\u0001 Grüße 世界 \uD83D\uDC4B";
            blue1.say(tricky);
            blue1.expectLine(blue1, tricky);

            // The next thing the red room sees is its own next line: nothing from blue came in between.
            red2.say("red again");
            red1.expectLine(red2, "red again");
            red2.expectLine(red2, "red again");
            red1.socket().assertExhausted();
            red2.socket().assertExhausted();
            blue1.socket().assertExhausted();
        }
    }

    @Test
    void adminPushReachesEveryRoomOrOne() throws IOException {
        String green = newRoom("green");
        String amber = newRoom("amber");
        try (Member green1 = join(green);
             Member green2 = join(green);
             Member amber1 = join(amber)) {
            green1.expect("join");

            HttpResponse<String> all = push(Map.of("message", "server restarts at noon"));
            assertEquals(200, all.statusCode(), all.body());
            Matcher pushedAll = pushed(all);
            assertEquals("all rooms", pushedAll.group(2));
            // Sockets of other tests may still be closing: at least the three here.
            assertTrue(Integer.parseInt(pushedAll.group(1)) >= 3, all.body());
            for (Member member : List.of(green1, green2, amber1)) {
                assertEquals(Map.of("type", "admin", "text", "server restarts at noon"), member.expect("admin"),
                        "admin push to every room, at " + member.room());
            }

            HttpResponse<String> one = push(Map.of("message", "green only: Grüße", "room", green));
            assertEquals(200, one.statusCode(), one.body());
            assertEquals("pushed to 2 socket(s) in room " + green, one.body().strip(), "openIds + openServer for one room");
            assertEquals(Map.of("type", "admin", "text", "green only: Grüße", "room", green), green1.expect("admin"));
            assertEquals(Map.of("type", "admin", "text", "green only: Grüße", "room", green), green2.expect("admin"));
            amber1.say("amber here");
            amber1.expectLine(amber1, "amber here");

            green1.socket().assertExhausted();
            green2.socket().assertExhausted();
            amber1.socket().assertExhausted();
        }
    }

    @Test
    void adminPushRejectsBadRequests() throws IOException {
        assertAll(
                () -> assertEquals(400, push(Map.of()).statusCode(), "no message"),
                () -> assertEquals(400, push(Map.of("message", " ")).statusCode(), "blank message"),
                () -> assertEquals(400, push(Map.of("message", "x".repeat(ChatServer.MAX_TEXT_LENGTH + 1))).statusCode(), "message too long"),
                () -> assertEquals(400, push(Map.of("message", "hi", "room", "no such/room")).statusCode(), "invalid room"),
                () -> assertEquals(405, Http.get(launcher.baseUri().resolve("admin/push?message=hi")).statusCode(),
                        "GET does not push"));
    }

    @Test
    void aClosedClientsIdIsGoneFromTheRoom() throws IOException {
        String room = newRoom("gone");
        try (Member stays = join(room);
             Member leaves = join(room)) {
            stays.expect("join");

            // A clean close from the client.
            leaves.socket().sendClose(1000, "bye");
            assertCloseCode(1000, leaves.socket().expectClose());
            assertEquals(Map.of("type", "leave", "id", leaves.id(), "room", room), stays.expect("leave"));

            assertEquals("pushed to 1 socket(s) in room " + room,
                    push(Map.of("message", "who is here?", "room", room)).body().strip(),
                    "openIds no longer lists the closed socket");
            stays.expect("admin");

            try (Member newcomer = join(room)) {
                assertEquals(List.of(stays.id()), newcomer.others(), "the closed client is not listed");
                assertEquals(newcomer.id(), stays.expect("join").get("id"));

                // A client that vanishes without a close frame (a crash, a lost network).
                try (Member crashes = join(room)) {
                    assertEquals(crashes.id(), stays.expect("join").get("id"));
                    assertEquals(crashes.id(), newcomer.expect("join").get("id"));
                    crashes.socket().abort();
                    assertEquals(Map.of("type", "leave", "id", crashes.id(), "room", room), stays.expect("leave"));
                    assertEquals(Map.of("type", "leave", "id", crashes.id(), "room", room), newcomer.expect("leave"));
                }

                stays.say("still chatting");
                stays.expectLine(stays, "still chatting");
                newcomer.expectLine(stays, "still chatting");
                leaves.socket().assertExhausted();
                stays.socket().assertExhausted();
                newcomer.socket().assertExhausted();
            }
        }
    }

    @Test
    void anOverlongLineIsRefusedToTheSenderOnly() {
        String room = newRoom("long");
        try (Member sender = join(room);
             Member other = join(room)) {
            sender.expect("join");
            sender.say("y".repeat(ChatServer.MAX_TEXT_LENGTH + 1));
            assertEquals("message too long: at most 2000 characters", sender.expect("error").get("text"));
            sender.say("short");
            sender.expectLine(sender, "short");
            other.expectLine(sender, "short");
            sender.socket().assertExhausted();
            other.socket().assertExhausted();
        }
    }

    @Test
    void anInvalidRoomIsRefusedBeforeTheUpgrade() {
        URI uri = launcher.webSocketUri(CHAT_PAGE_PATH + "?room=" + URLEncoder.encode("no such room!", StandardCharsets.UTF_8));
        AssertionError refused = assertThrows(AssertionError.class, () -> WebSocketRecorder.connect(uri, "chat").close());
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause(),
                "the handshake is refused: " + refused);
        assertEquals(403, handshake.getResponse().statusCode(), "onPreServer returned an error: HTTP 403");
    }

    // ---------------------------------------------------------------- helpers

    /** Joins {@code room} ({@code null}: no parameter) and takes the welcome. */
    private static Member join(String room) {
        String query = room == null ? "" : "?room=" + URLEncoder.encode(room, StandardCharsets.UTF_8);
        WebSocketRecorder socket = WebSocketRecorder.connect(launcher.webSocketUri(CHAT_PAGE_PATH + query), "chat");
        try {
            assertEquals("chat", socket.subprotocol(), "Sec-WebSocket-Protocol");
            String text = socket.expectText();
            Map<String, Object> welcome = ChatJson.parse(text);
            assertEquals("welcome", welcome.get("type"), "the first message: " + text);
            String id = (String) welcome.get("id");
            assertTrue(WEBSOCKET_ID.matcher(id).matches(), "a WebSocket id: " + id);
            String joined = (String) welcome.get("room");
            if (room != null && !room.isEmpty()) {
                assertEquals(room, joined, "welcome room");
            }
            @SuppressWarnings("unchecked")
            List<String> others = (List<String>) welcome.get("members");
            return new Member(socket, id, joined, others);
        } catch (RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    private static HttpResponse<String> push(Map<String, String> form) throws IOException {
        return Http.postForm(launcher.baseUri().resolve("admin/push"), form);
    }

    private static Matcher pushed(HttpResponse<String> response) {
        Matcher matcher = PUSHED.matcher(response.body().strip());
        assertTrue(matcher.matches(), "answer of the admin servlet: " + response.body());
        return matcher;
    }

    private static String newRoom(String prefix) {
        return prefix + "-" + ROOM_NUMBER.incrementAndGet();
    }
}
