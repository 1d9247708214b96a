package io.cspwebsocket.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The chat page in real browsers, as one scenario that any server of the demo's chat can be put
 * through: two headless Chromium processes, each with a profile of its own (two independent
 * browser sessions), load {@code chat.html?room=…} from the server, and the page's own JavaScript
 * ({@code new WebSocket(url, "chat")}, {@code send}, {@code close}) talks to the shared-mode page
 * {@code MyApp.Chat}. The scenario pushes admin messages through {@code POST admin/push} over HTTP.
 * Chromium is driven through its DevTools port on 127.0.0.1 ({@link ChromiumBrowser}).
 *
 * <p>The demo runs it against its launcher ({@link ChatPageIT}); the Spring Boot sample runs it,
 * unchanged, against its application (this class is in the demo's test jar), which serves the same
 * browser pages. The server must serve {@code chat.html}, the chat page at
 * {@code csp/user/MyApp.Chat.cls} and the admin push below the same base URI, and have no other
 * chat socket open.
 *
 * <p>Chromium is skipped where it is missing, except under {@code CI=true}, where that fails.
 */
public final class ChatBrowserScenario {

    private static final Pattern WEBSOCKET_ID = Pattern.compile("[A-Za-z0-9._~-]{22,}");

    /** The page's state and event log, for failure messages. */
    private static final String PAGE_STATE = "(() => { try { return location.href"
            + " + '\\nreadyState ' + document.getElementById('ready-state').textContent"
            + " + ', id ' + document.getElementById('my-id').textContent"
            + " + ', others ' + Array.from(document.querySelectorAll('#members li')).map(li => li.dataset.id).join(' ')"
            + " + '\\n' + Array.from(document.querySelectorAll('#log li'))"
            + ".map(li => li.className + ' ' + li.lastChild.textContent).join('\\n');"
            + " } catch (e) { return location.href + ' (not the chat page yet: ' + e + ')'; } })()";

    private final URI base;
    private final String room;
    private final Path workDir;

    private ChatBrowserScenario(URI base, String room, Path workDir) {
        this.base = base;
        this.room = room;
        this.workDir = workDir;
    }

    /**
     * Runs the scenario: Alice and Bob chat in {@code room}, get admin pushes, Bob leaves, joins
     * again, navigates away and back, and his browser ends; Alice's page stays open throughout and
     * sees each join and leave once.
     *
     * @param base the server's base URI, ending in {@code /}, below which {@code chat.html} is served
     * @param room a room the server accepts
     * @param workDir where the browsers' profiles, logs and a screenshot go
     * @throws Exception when the scenario fails (an {@link AssertionError} says where)
     */
    public static void twoBrowsersChatInOneRoomAndOneLeaves(URI base, String room, Path workDir) throws Exception {
        new ChatBrowserScenario(base, room, workDir).run();
    }

    private void run() throws Exception {
        Path chromium = ChromiumBrowser.find();
        URI chatPage = base.resolve("chat.html?room=" + room);

        // Alice first, so that her page sees Bob join (and Bob's welcome lists Alice).
        try (ChromiumBrowser aliceBrowser = ChromiumBrowser.start(chromium, workDir, "alice", chatPage);
             DevToolsClient alice = aliceBrowser.connectToPage(chatPage.toString())) {
            String aliceId = awaitWelcome(alice, "Alice");
            assertEquals("\"chat\"", alice.evaluate("document.getElementById('protocol').textContent"), "ws.protocol");
            assertEquals(room, alice.evaluate("document.getElementById('current-room').textContent"));
            assertEquals("", others(alice), "Alice is alone in the room at first");

            // Not a try resource: the test ends Bob's browser itself (closing twice is harmless).
            ChromiumBrowser bobBrowser = ChromiumBrowser.start(chromium, workDir, "bob", chatPage);
            try (DevToolsClient bob = bobBrowser.connectToPage(chatPage.toString())) {
                String bobId = awaitWelcome(bob, "Bob");
                assertNotEquals(aliceId, bobId, "each socket has its own id");
                assertEquals(aliceId, others(bob), "Bob's welcome lists Alice");
                awaitPage(alice, "Bob's join notice", hasEntry("join", bobId));
                awaitPage(alice, "Bob among the others", othersAre(bobId));

                // Each sees the other's messages (and its own, as the server sends every line to the whole room).
                send(alice, "hello from Alice");
                awaitPage(bob, "Alice's line at Bob", hasLine(aliceId, "hello from Alice"));
                awaitPage(alice, "Alice's line at Alice", hasLine(aliceId, "hello from Alice"));
                String bobLine = "hi Alice, Grüße 世界 \uD83D\uDC4B <b>not bold</b>";
                send(bob, bobLine);
                awaitPage(alice, "Bob's line at Alice", hasLine(bobId, bobLine));
                awaitPage(bob, "Bob's line at Bob", hasLine(bobId, bobLine));
                assertEquals("0", alice.evaluate("document.querySelectorAll('#log b').length"),
                        "chat text is shown as text, not markup");

                // The admin push, from a servlet thread, reaches both browsers.
                assertEquals("pushed to 2 socket(s) in all rooms", push(Map.of("message", "hello everyone")));
                awaitPage(alice, "the admin push at Alice", hasAdmin("hello everyone"));
                awaitPage(bob, "the admin push at Bob", hasAdmin("hello everyone"));

                // Bob leaves: the Leave button calls ws.close().
                bob.run("document.getElementById('leave').click()");
                awaitPage(bob, "Bob's socket closed", "document.getElementById('ready-state').textContent === '3 (CLOSED)'");
                awaitPage(bob, "Bob's onclose 1000", "Array.from(document.querySelectorAll('#log li.close'))"
                        + ".some(li => li.lastChild.textContent.startsWith('onclose: code 1000') && li.lastChild.textContent.endsWith('wasClean true'))");
                awaitPage(alice, "Bob's leave notice", hasEntry("leave", bobId));
                awaitPage(alice, "no one else in the room", othersAre(""));
                String bobMessagesWhenGone = bob.evaluate("document.querySelectorAll('#log li.message, #log li.admin').length");

                // Alice keeps working: she sends and receives, and gets pushes to her room.
                send(alice, "anyone still here?");
                awaitPage(alice, "Alice's line after Bob left", hasLine(aliceId, "anyone still here?"));
                assertEquals("pushed to 1 socket(s) in room " + room,
                        push(Map.of("message", "this room only", "room", room)),
                        "Bob's closed socket is no longer among the room's live ids");
                awaitPage(alice, "the room push at Alice", hasAdmin("this room only"));
                assertEquals(bobMessagesWhenGone,
                        bob.evaluate("document.querySelectorAll('#log li.message, #log li.admin').length"),
                        "nothing reaches Bob's page after he left");

                // Bob joins again (a new socket, so a new id), then navigates away from the page.
                bob.run("document.getElementById('join').click()");
                String bobSecondId = awaitNewId(bob, "Bob's second socket", bobId);
                assertEquals(aliceId, others(bob));
                awaitPage(alice, "Bob's second join notice", hasEntry("join", bobSecondId));
                send(bob, "back, briefly");
                awaitPage(alice, "Bob's line from his second socket", hasLine(bobSecondId, "back, briefly"));

                // The page closes its socket on pagehide: without that, Chromium keeps the page and its
                // open socket in the back/forward cache, and the room hears of the leave only later.
                bob.run("window.location.href = 'about:blank'");
                awaitPage(bob, "Bob's browser on about:blank", "location.href === 'about:blank'");
                awaitPage(alice, "the leave notice when Bob navigated away", hasEntry("leave", bobSecondId));
                awaitPage(alice, "no one else in the room again", othersAre(""));
                send(alice, "still chatting");
                awaitPage(alice, "Alice's line after Bob navigated away", hasLine(aliceId, "still chatting"));
                assertEquals("pushed to 1 socket(s) in all rooms", push(Map.of("message", "bye for now")));
                awaitPage(alice, "the last push at Alice", hasAdmin("bye for now"));

                // Back: the page (restored from the back/forward cache, or loaded again) joins once more.
                bob.run("history.back()");
                String bobThirdId = awaitNewId(bob, "Bob's socket after going back", bobId, bobSecondId);
                awaitPage(alice, "Bob's join notice after going back", hasEntry("join", bobThirdId));
                send(bob, "I'm back");
                awaitPage(alice, "Bob's line after going back", hasLine(bobThirdId, "I'm back"));
                awaitPage(bob, "Bob's line at Bob after going back", hasLine(bobThirdId, "I'm back"));
                String bobState = bob.evaluate(PAGE_STATE);
                assertEquals("0", bob.evaluate("document.querySelectorAll('#log li.error').length"),
                        "Bob's page saw no error:\n" + bobState);

                // Bob's browser ends (the test stops the Chromium process): Alice hears he left.
                bobBrowser.close();
                awaitPage(alice, "the leave notice when Bob's browser ended", hasEntry("leave", bobThirdId));
            } finally {
                bobBrowser.close();
            }

            Files.write(workDir.resolve("chat-page.png"), alice.screenshot());
            String state = alice.evaluate(PAGE_STATE);
            assertEquals("1 (OPEN)", alice.evaluate("document.getElementById('ready-state').textContent"), state);
            assertEquals(aliceId, alice.evaluate("document.getElementById('my-id').textContent"), state);
            assertEquals("0", alice.evaluate("document.querySelectorAll('#log li.error, #log li.close').length"),
                    "Alice's page saw no error and no close:\n" + state);
            assertEquals("3", alice.evaluate("document.querySelectorAll('#log li.join').length"), state);
            assertEquals("3", alice.evaluate("document.querySelectorAll('#log li.leave').length"), state);
            assertEquals("", others(alice), state);
        }
    }

    /** Waits for the page's first welcome and returns the WebSocket id it showed. */
    private static String awaitWelcome(DevToolsClient page, String who) throws Exception {
        awaitPage(page, who + "'s page to load", "document.readyState === 'complete' && document.getElementById('log') !== null");
        awaitPage(page, who + "'s welcome", "document.getElementById('ready-state').textContent === '1 (OPEN)'"
                + " && document.querySelectorAll('#log li.welcome').length === 1");
        String id = page.evaluate("document.getElementById('my-id').textContent");
        assertTrue(WEBSOCKET_ID.matcher(id).matches(), who + "'s WebSocket id: " + id);
        assertEquals(id, page.evaluate("Array.from(document.querySelectorAll('#log li.welcome')).pop().dataset.id"),
                "the id shown is the id of the last welcome");
        return id;
    }

    /**
     * Waits until the page is open with a WebSocket id other than {@code earlier} and returns it:
     * counting welcomes would not do, as a page loaded again starts a new log.
     */
    private static String awaitNewId(DevToolsClient page, String who, String... earlier) throws Exception {
        StringBuilder condition = new StringBuilder("document.readyState === 'complete' && document.getElementById('my-id') !== null"
                + " && document.getElementById('ready-state').textContent === '1 (OPEN)'"
                + " && document.getElementById('my-id').textContent !== '-'");
        for (String id : earlier) {
            condition.append(" && document.getElementById('my-id').textContent !== ").append(DevToolsClient.json(id));
        }
        awaitPage(page, who, condition.toString());
        String id = page.evaluate("document.getElementById('my-id').textContent");
        assertTrue(WEBSOCKET_ID.matcher(id).matches(), who + ": WebSocket id " + id);
        return id;
    }

    private static void send(DevToolsClient page, String text) throws Exception {
        page.run("document.getElementById('message').value = " + DevToolsClient.json(text)
                + "; document.getElementById('send').click()");
    }

    private String push(Map<String, String> form) throws IOException {
        HttpResponse<String> response = Http.postForm(base.resolve("admin/push"), form);
        assertEquals(200, response.statusCode(), response.body());
        return response.body().strip();
    }

    private static String others(DevToolsClient page) throws Exception {
        return page.evaluate("Array.from(document.querySelectorAll('#members li')).map(li => li.dataset.id).join(' ')");
    }

    private static String othersAre(String ids) {
        return "Array.from(document.querySelectorAll('#members li')).map(li => li.dataset.id).join(' ') === "
                + DevToolsClient.json(ids);
    }

    private static String hasLine(String from, String text) {
        return "Array.from(document.querySelectorAll('#log li.message')).some(li => li.dataset.from === "
                + DevToolsClient.json(from) + " && li.dataset.text === " + DevToolsClient.json(text) + ")";
    }

    private static String hasEntry(String kind, String id) {
        return "Array.from(document.querySelectorAll('#log li." + kind + "')).some(li => li.dataset.id === "
                + DevToolsClient.json(id) + ")";
    }

    private static String hasAdmin(String text) {
        return "Array.from(document.querySelectorAll('#log li.admin')).some(li => li.dataset.text === "
                + DevToolsClient.json(text) + ")";
    }

    private static void awaitPage(DevToolsClient page, String what, String condition) throws Exception {
        ChromiumBrowser.awaitPage(page, what, condition, PAGE_STATE);
    }
}
