package io.cspwebsocket.demo;

import static io.cspwebsocket.demo.WebSocketRecorder.assertCloseCode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The article's shared-mode page {@code PHA.COM.WebSocket} under {@code /dthealth/web}, on the demo
 * launcher (embedded Tomcat serving the WAR), driven as the article drives it: a WebSocket client
 * opens {@code ws://<host>/dthealth/web/PHA.COM.WebSocket.cls} with the plain WebSocket API
 * ({@code new WebSocket(url)}, {@code send}, {@code close}), and other code of the application
 * takes the saved ids and writes, reads and ends through {@code OpenServer}. Here the clients are
 * JDK WebSocket clients and, in one test, the demo's client page {@code pha.html} in headless
 * Chromium; the other code is {@link PhaSocketsServlet}, called over HTTP. All of it goes over real
 * sockets on 127.0.0.1.
 *
 * <p>The client does not learn its id (the article's server never sends it): the test finds it as
 * the one id that {@code GET /dthealth/sockets} (the library's {@code openIds}) lists after the
 * client connected and did not list before.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PhaComWebSocketIT {

    /** The path of the article's URL, {@code ws://127.0.0.1/dthealth/web/PHA.COM.WebSocket.cls}. */
    private static final String PAGE_PATH = "dthealth/web/PHA.COM.WebSocket.cls";
    private static final Pattern WEBSOCKET_ID = Pattern.compile("[A-Za-z0-9._~-]{22,}");
    /** The client page's event log, one entry per line: its kind, a space, its text. */
    private static final String LOG_TEXT =
            "Array.from(document.querySelectorAll('#log li')).map(li => li.className + ' ' + li.lastChild.textContent).join('\\n')";

    private static LauncherProcess launcher;

    @BeforeAll
    static void startLauncher() {
        launcher = LauncherProcess.start(DemoTestEnvironment.newWorkDir("pha-"));
    }

    @AfterAll
    static void stopLauncher() {
        if (launcher != null) {
            launcher.close();
        }
    }

    /** Every test starts with no socket of the page open: those of earlier tests have gone. */
    @BeforeEach
    void noSocketIsOpen() throws IOException {
        awaitIds(Set.of(), "the sockets of earlier tests to leave openIds");
    }

    /** A client of the page and the WebSocket id the server gave it. */
    private record Client(WebSocketRecorder socket, String id) implements AutoCloseable {
        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void theArticlesUrlOpensASocketThatStaysOpenInSharedMode() throws IOException {
        // The article's client: (window.location.protocol == "https:" ? "wss:" : "ws:") + "//"
        // + window.location.host + "/dthealth/web/PHA.COM.WebSocket.cls", with no subprotocol.
        URI url = URI.create("ws:" + "//" + launcher.baseUri().getAuthority() + "/dthealth/web/PHA.COM.WebSocket.cls");
        try (WebSocketRecorder socket = WebSocketRecorder.connect(url)) {
            assertEquals("", socket.subprotocol(), "no subprotocol offered, none selected");
            String id = awaitNewId(Set.of());
            assertTrue(WEBSOCKET_ID.matcher(id).matches(), "a WebSocket id: " + id);

            // server() returned at once; in shared mode the socket stays open. The page has no
            // onClientMessage: a message is queued for a reader and nothing is answered.
            socket.send("no one answers this");
            assertEquals(List.of("OK", "len=19 atEnd=1", "no one answers this"), read(id, Map.of("timeout", "5")));
            assertEquals(List.of("OK"), write(id, "the socket is still open"));
            assertEquals("the socket is still open", socket.expectText());
            socket.assertExhausted();
        }
    }

    @Test
    void aSubprotocolTheClientOffersIsEchoedAsTheGatewayDoes() {
        // new WebSocket(url, "chat"): the page declares no subprotocols, so the first offered is selected.
        try (WebSocketRecorder socket = WebSocketRecorder.connect(launcher.webSocketUri(PAGE_PATH), "chat")) {
            assertEquals("chat", socket.subprotocol(), "Sec-WebSocket-Protocol of the 101 response");
        }
    }

    @Test
    void openServerWriteReachesTheClient() throws IOException {
        try (Client client = connect()) {
            assertEquals(List.of("OK"), write(client.id(), "prescription 42 is ready"));
            assertEquals("prescription 42 is ready", client.socket().expectText());

            String unicode = "请到3号窗口取药 Grüße \uD83D\uDC4B";
            assertEquals(List.of("OK"), write(client.id(), unicode));
            assertEquals(unicode, client.socket().expectText(), "non-ASCII text, a surrogate pair included");
            client.socket().assertExhausted();
        }
    }

    @Test
    void openServerReadGetsTheClientsMessagesInOrderAndInPieces() throws IOException {
        try (Client client = connect()) {
            client.socket().send("first");
            client.socket().send("second message");
            assertEquals(List.of("OK", "len=5 atEnd=1", "first"), read(client.id(), Map.of()));
            // len 6: the message comes in pieces; atEnd says which piece ends it (IRIS AtEnd).
            assertEquals(List.of("OK", "len=6 atEnd=0", "second"), read(client.id(), Map.of("len", "6")));
            assertEquals(List.of("OK", "len=8 atEnd=1", " message"), read(client.id(), Map.of("timeout", "0")),
                    "the rest of the message; timeout 0 polls");

            String unicode = "多行\n文本 \uD83D\uDC4B";
            client.socket().send(unicode);
            assertEquals(List.of("OK", "len=" + unicode.length() + " atEnd=1", "多行", "文本 \uD83D\uDC4B"), read(client.id(), Map.of()),
                    "a message with a line break comes back whole");
            client.socket().assertExhausted();
        }
    }

    @Test
    void aReadWithNothingQueuedTimesOutAndTheSocketStaysOpen() throws IOException {
        try (Client client = connect()) {
            long started = System.nanoTime();
            assertEquals(List.of("ERROR #7950: WebSocket read timed out", "len=0 atEnd=0"), read(client.id(), Map.of("timeout", "1")),
                    "$$$CSPWebSocketTimeout");
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(waited.compareTo(Duration.ofMillis(900)) >= 0, "the read waited its timeout: " + waited);

            client.socket().send("after the time-out");
            assertEquals(List.of("OK", "len=18 atEnd=1", "after the time-out"), read(client.id(), Map.of()));
            client.socket().assertExhausted();
        }
    }

    @Test
    void aWriteWithoutAnIdGoesToEverySocket() throws IOException {
        try (Client first = connect();
             Client second = connect()) {
            assertEquals(List.of("accepted by 2 socket(s)"), post("write", Map.of("message", "the pharmacy closes at 17:00")));
            assertEquals("the pharmacy closes at 17:00", first.socket().expectText());
            assertEquals("the pharmacy closes at 17:00", second.socket().expectText());

            assertEquals(List.of("OK"), write(second.id(), "only for the second"));
            assertEquals("only for the second", second.socket().expectText());
            first.socket().assertExhausted();
            second.socket().assertExhausted();
        }
    }

    @Test
    void openServerEndServerClosesTheClientWith1000() throws IOException {
        try (Client ended = connect();
             Client stays = connect()) {
            assertEquals(List.of("OK"), post("end", Map.of("id", ended.id())));
            assertCloseCode(1000, ended.socket().expectClose());
            awaitIds(Set.of(stays.id()), "the ended socket to leave openIds");

            assertAll(
                    () -> assertEquals(List.of("ERROR #7951: WebSocket is closed"), post("end", Map.of("id", ended.id())),
                            "a second EndServer"),
                    () -> assertEquals(List.of("ERROR #7951: WebSocket is closed"), write(ended.id(), "too late"),
                            "a write to the ended socket"),
                    () -> assertEquals(List.of("ERROR #7951: WebSocket is closed", "len=0 atEnd=0"), read(ended.id(), Map.of()),
                            "a read of the ended socket"));
            assertEquals(List.of("OK"), write(stays.id(), "still here"));
            assertEquals("still here", stays.socket().expectText(), "ending one socket leaves the other open");
            ended.socket().assertExhausted();
            stays.socket().assertExhausted();
        }
    }

    @Test
    void theIdOfAClientThatLeftIsStale() throws IOException {
        try (Client leaves = connect();
             Client crashes = connect();
             Client stays = connect()) {
            // The article's client calls ws.close(): a clean close.
            leaves.socket().sendClose(1000, "bye");
            assertCloseCode(1000, leaves.socket().expectClose());
            // A client that vanishes without a close frame (a crash, a lost network).
            crashes.socket().abort();
            awaitIds(Set.of(stays.id()), "the closed and the dropped socket to leave openIds");

            // IRIS's Write would return OK for both; here the stale ids are detected.
            assertEquals(List.of("ERROR #7951: WebSocket is closed"), write(leaves.id(), "are you there?"));
            assertEquals(List.of("ERROR #7951: WebSocket is closed"), write(crashes.id(), "are you there?"));
            assertEquals(List.of("accepted by 1 socket(s)"), post("write", Map.of("message", "to everyone still here")));
            assertEquals("to everyone still here", stays.socket().expectText());
            stays.socket().assertExhausted();
        }
    }

    @Test
    void badIdsAndRequestsAreRefused() throws IOException {
        // A live socket of another page (the chat) is not this servlet's to touch.
        try (WebSocketRecorder chat = WebSocketRecorder.connect(launcher.webSocketUri("csp/user/MyApp.Chat.cls?room=pha-test"), "chat")) {
            String chatId = (String) ChatJson.parse(chat.expectText()).get("id");
            HttpResponse<String> other = postResponse("write", Map.of("id", chatId, "message", "hi"));
            assertEquals(404, other.statusCode(), other.body());
            chat.assertExhausted();
        }
        URI list = launcher.baseUri().resolve("dthealth/sockets");
        assertAll(
                () -> assertEquals(List.of("ERROR #5001: malformed WebSocketID"), write("not an id!", "hi"), "a malformed id"),
                () -> assertEquals(400, postResponse("write", Map.of("id", "x")).statusCode(), "no message"),
                () -> assertEquals(400, postResponse("read", Map.of()).statusCode(), "no id"),
                () -> assertEquals(400, postResponse("read", Map.of("id", "x", "timeout", "61")).statusCode(), "timeout too long"),
                () -> assertEquals(400, postResponse("read", Map.of("id", "x", "len", "many")).statusCode(), "len not a number"),
                () -> assertEquals(404, postResponse("nothing", Map.of("id", "x")).statusCode(), "an unknown operation"),
                () -> assertEquals(405, Http.get(list.resolve("sockets/write?id=x&message=hi")).statusCode(), "GET does not write"),
                () -> assertEquals(405, Http.postForm(list, Map.of()).statusCode(), "POST does not list"));
    }

    /**
     * The client page {@code pha.html} in headless Chromium: the article's browser code
     * ({@code new WebSocket(url)}, {@code onmessage}, {@code send}, {@code close}) against the page,
     * with the servlet writing, reading and ending. Skipped where Chromium is missing, except under
     * {@code CI=true} (see {@link ChromiumBrowser}).
     */
    @Test
    void theArticlesBrowserClientWorksUnchanged() throws Exception {
        Path chromium = ChromiumBrowser.find();
        Path workDir = DemoTestEnvironment.newWorkDir("pha-page-");
        URI clientPage = launcher.baseUri().resolve("pha.html");
        try (ChromiumBrowser browser = ChromiumBrowser.start(chromium, workDir, "", clientPage);
             DevToolsClient page = browser.connectToPage(clientPage.toString())) {
            awaitPage(page, "the page to load", "document.readyState === 'complete' && document.getElementById('log') !== null");
            // The page connects on load.
            awaitPage(page, "readyState OPEN", "document.getElementById('ready-state').textContent === '1 (OPEN)'");
            assertEquals("ws://" + launcher.baseUri().getAuthority() + "/dthealth/web/PHA.COM.WebSocket.cls",
                    page.evaluate("document.getElementById('conUrl').value"), "the URL in #conUrl");
            String id = awaitNewId(Set.of());

            // Set %status=ws.Write(message)
            assertEquals(List.of("OK"), write(id, "处方 7 已就绪: prescription 7 is ready"));
            awaitPage(page, "the message written through OpenServer",
                    logContains("message onmessage: 处方 7 已就绪: prescription 7 is ready"));

            // ws.send(data) in the browser, then Set data=ws.Read(.len, .%status, timeout)
            page.run("document.getElementById('message').value = 'received, thanks'; document.getElementById('send').click()");
            assertEquals(List.of("OK", "len=16 atEnd=1", "received, thanks"), read(id, Map.of()));

            // The article's URL as printed, "ws:" + "://" + host: not a URL that browsers accept.
            assertEquals("SyntaxError", page.evaluate("(() => { try { new WebSocket("
                    + "(window.location.protocol == 'https:' ? 'wss:' : 'ws:') + '://' + window.location.host"
                    + " + '/dthealth/web/PHA.COM.WebSocket.cls'); return 'opened'; } catch (e) { return e.name; } })()"));

            // Set %status=ws.EndServer()
            assertEquals(List.of("OK"), post("end", Map.of("id", id)));
            awaitPage(page, "onclose 1000", logContains("close onclose: code 1000, wasClean true"));
            awaitPage(page, "readyState CLOSED", "document.getElementById('ready-state').textContent === '3 (CLOSED)'");
            awaitIds(Set.of(), "the ended socket to leave openIds");

            // Connect again (a new socket, so a new id), then ws.close() from the Close button.
            page.run("document.getElementById('connect').click()");
            awaitPage(page, "readyState OPEN again", "document.getElementById('ready-state').textContent === '1 (OPEN)'");
            String secondId = awaitNewId(Set.of());
            assertTrue(!secondId.equals(id), "a new socket has a new id");
            page.run("document.getElementById('close').click()");
            awaitPage(page, "readyState CLOSED after close()", "document.getElementById('ready-state').textContent === '3 (CLOSED)'");
            awaitIds(Set.of(), "the closed socket to leave openIds");
            assertEquals(List.of("ERROR #7951: WebSocket is closed"), write(secondId, "gone"));

            Files.write(workDir.resolve("pha-page.png"), page.screenshot());
            String log = page.evaluate(LOG_TEXT);
            assertEquals("0", page.evaluate("document.querySelectorAll('#log li.error').length"), "no error entries:\n" + log);
            assertEquals(2, log.lines().filter(line -> line.equals("open onopen")).count(), log);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Connects as the article's client does and finds the new socket's id. */
    private static Client connect() throws IOException {
        Set<String> before = ids();
        WebSocketRecorder socket = WebSocketRecorder.connect(launcher.webSocketUri(PAGE_PATH));
        try {
            return new Client(socket, awaitNewId(before));
        } catch (RuntimeException | Error | IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Waits until exactly one id that is not in {@code before} is listed, and returns it. */
    private static String awaitNewId(Set<String> before) throws IOException {
        long deadline = System.nanoTime() + DemoTestEnvironment.EVENT_TIMEOUT.toNanos();
        while (true) {
            Set<String> added = new HashSet<>(ids());
            added.removeAll(before);
            if (added.size() == 1) {
                return added.iterator().next();
            }
            if (added.size() > 1) {
                fail("more than one new id: " + added);
            }
            if (System.nanoTime() > deadline) {
                fail("no new id listed within " + DemoTestEnvironment.EVENT_TIMEOUT + "; listed: " + ids());
            }
            ChildProcess.sleep(Duration.ofMillis(50));
        }
    }

    /** Waits until {@code GET /dthealth/sockets} lists exactly {@code expected}. */
    private static void awaitIds(Set<String> expected, String what) throws IOException {
        long deadline = System.nanoTime() + DemoTestEnvironment.EVENT_TIMEOUT.toNanos();
        while (!ids().equals(expected)) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + DemoTestEnvironment.EVENT_TIMEOUT + ": listed " + ids() + ", expected " + expected);
            }
            ChildProcess.sleep(Duration.ofMillis(50));
        }
    }

    /** {@code GET /dthealth/sockets}: the live ids of the page. */
    private static Set<String> ids() throws IOException {
        HttpResponse<String> response = Http.get(launcher.baseUri().resolve("dthealth/sockets"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain;charset=UTF-8", response.headers().firstValue("Content-Type").orElse(""));
        return Set.copyOf(response.body().lines().toList());
    }

    private static List<String> write(String id, String message) throws IOException {
        return post("write", Map.of("id", id, "message", message));
    }

    private static List<String> read(String id, Map<String, String> options) throws IOException {
        Map<String, String> form = new LinkedHashMap<>(options);
        form.put("id", id);
        return post("read", form);
    }

    /** POSTs to {@code /dthealth/sockets/<operation>}, expects 200 and returns the answer's lines. */
    private static List<String> post(String operation, Map<String, String> form) throws IOException {
        HttpResponse<String> response = postResponse(operation, form);
        assertEquals(200, response.statusCode(), operation + ": " + response.body());
        return response.body().lines().toList();
    }

    private static HttpResponse<String> postResponse(String operation, Map<String, String> form) throws IOException {
        return Http.postForm(launcher.baseUri().resolve("dthealth/sockets/" + operation), form);
    }

    private static String logContains(String text) {
        return "(" + LOG_TEXT + ").split('\\n').includes(" + DevToolsClient.json(text) + ")";
    }

    private static void awaitPage(DevToolsClient page, String what, String condition) throws Exception {
        ChromiumBrowser.awaitPage(page, what, condition, LOG_TEXT);
    }
}
