package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.EchoPage;
import io.cspwebsocket.tck.pages.SharedBlockingPage;
import io.cspwebsocket.tck.pages.SharedChurnPage;
import io.cspwebsocket.tck.pages.SharedClosePage;
import io.cspwebsocket.tck.pages.SharedOrderPage;
import io.cspwebsocket.tck.pages.SharedReadPage;
import io.cspwebsocket.tck.pages.SharedSlowPage;
import io.cspwebsocket.tck.support.LogCapture;
import io.cspwebsocket.tck.support.SharedModeProbe;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2.4 and §2.5 in shared mode ({@code setSharedConnection(true)} in {@code onPreServer}):
 * {@code server()} runs once and the socket outlives it; client messages reach
 * {@code onClientMessage} one at a time, in order, never in a container's selector loop, and only
 * after {@code server()} returned; every close ends with {@code onClientMessage("", 1)} then
 * {@code onPostServer}, once each; a failing {@code onClientMessage} closes with 1011 and
 * harms no other socket; a slow handler applies back-pressure (§3.5); pages that do not handle
 * messages get them queued for {@code read}. Also §5 and §6 with shared sockets:
 * {@code openServer} handles, stale and malformed ids, and an {@code openIds} that never lists
 * a closed socket while sockets come and go.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.war(); }}.
 */
public abstract class SharedModeVerification extends VerificationBase {

    /** Messages one client sends in {@link #required_spec2_4_messagesReachOnClientMessageOneAtATimeInArrivalOrder()}. */
    protected static final int ORDERED_MESSAGES = 10_000;
    /** Chars per message in the back-pressure test. */
    protected static final int FLOOD_MESSAGE_SIZE = 64 * 1024;
    /** Milliseconds {@code SharedSlowPage} takes over each message. */
    protected static final int SLOW_HANDLER_MS = 20;
    /** Bytes a client may push into a held {@code onClientMessage} before its sends must stall. */
    protected static final long BACK_PRESSURE_BUDGET = 256L * 1024 * 1024;
    /** How long a send must stay pending, twice in a row, to count as stalled. */
    protected static final Duration STALL = Duration.ofSeconds(1);
    /** Client threads in {@link #required_spec6_3_openIdsNeverListsAClosedSharedSocket()}. */
    protected static final int CHURN_THREADS = 8;
    /** Connections each of those threads opens and closes. */
    protected static final int CHURN_CYCLES = 25;

    /** For the concrete run. */
    protected SharedModeVerification() {
    }

    /** An open shared socket of {@code SharedClosePage} and its id. */
    private record Shared(TckClient client, String id, String token) {
    }

    private Shared openShared() {
        String token = token();
        TckClient client = connect(page(SharedClosePage.NAME, "t=" + token));
        String first = client.awaitText();
        assertTrue(first.startsWith("id="), () -> "unexpected first message " + first);
        return new Shared(client, first.substring(3), token);
    }

    private SharedModeProbe sharedProbe() {
        return new SharedModeProbe(env, contextRoot());
    }

    /**
     * The close sequence every shared socket must end with: one {@code onClientMessage("", 1)},
     * then one {@code onPostServer}, in that order, and nothing after them.
     */
    private void assertClosedOnceThenPostServer(String token) {
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        String events = probe.get(token + ".events");
        List<String> list = events == null ? List.of() : Arrays.asList(events.split(","));
        assertEquals(1, list.stream().filter(e -> e.startsWith("close[")).count(),
                () -> "onClientMessage(\"\", 1) must be called exactly once; calls were: " + events);
        assertTrue(list.size() >= 2 && list.get(list.size() - 2).equals("close[]") && list.get(list.size() - 1).equals("post"),
                () -> "onClientMessage(\"\", 1) (with empty data) must come last, then onPostServer; calls were: " + events);
        env.assertStays("onClientMessage(\"\", 1) and onPostServer to have run exactly once",
                () -> events.equals(probe.get(token + ".events")) && "1".equals(probe.get(token + ".post"))
                        && "1".equals(probe.get(token + ".close")));
    }

    private static void assertCleanReason(String reason) {
        assertFalse(reason.contains(SharedClosePage.SECRET), () -> "close reason carries the status/exception text: " + reason);
        assertFalse(reason.contains("Exception"), () -> "close reason carries an exception: " + reason);
    }

    private void closeNormally(TckClient client) {
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
    }

    // ------------------------------------------------------------------ §2.4 server() and delivery

    /**
     * §2.4: in shared mode {@code server()} runs once and may return at once; the socket stays
     * open after it returned, and client messages still reach {@code onClientMessage}.
     *
     * <p>If this test fails, check that the end of {@code server()} closes the socket only in
     * synchronous mode, and that {@code server()} is started once per connection.
     */
    @Test
    public void required_spec2_4_serverRunsOnceAndTheSocketStaysOpenAfterItReturns() {
        Shared socket = openShared();
        TckProbe probe = probe();
        probe.await(socket.token() + ".server.returned", "yes");
        env.assertStays("the socket to stay open after server() returned",
                () -> socket.client().pending() == 0 && !socket.client().isInputClosed());
        assertEquals("0", probe.handle("status", socket.id(), null), "status() of a shared socket after server() returned");
        socket.client().send("still here");
        socket.client().awaitText("still here");
        socket.client().send("and here");
        socket.client().awaitText("and here");
        assertEquals("1", probe.get(socket.token() + ".server"), "server() must run exactly once");
        closeNormally(socket.client());
        assertClosedOnceThenPostServer(socket.token());
        assertEquals("1", probe.get(socket.token() + ".server"), "server() must run exactly once");
    }

    /**
     * §2.4: the first client message reaches {@code onClientMessage} only after
     * {@code server()} has returned, even when the client sent it while {@code server()} was
     * still running; then every message is delivered.
     *
     * <p>If this test fails, check that the dispatcher of a shared page starts delivering only
     * once {@code server()} has returned, and that messages received before are kept.
     */
    @Test
    public void required_spec2_4_firstMessageReachesOnClientMessageOnlyAfterServerReturned() {
        String token = token();
        TckClient client = connect(page(SharedOrderPage.NAME, "t=" + token));
        client.awaitText("running");
        TckProbe probe = probe();
        try {
            for (int n = 0; n < 3; n++) {
                client.send(Integer.toString(n));
            }
            env.assertStays("onClientMessage not to be called while server() runs",
                    () -> probe.get(token + ".count") == null && probe.get(token + ".violations") == null);
        } finally {
            probe.signal(token + ".release");
        }
        probe.await(token + ".server.returned", "yes");
        probe.await(token + ".count", "3");
        client.send("3");
        probe.await(token + ".count", "4");
        assertNull(probe.get(token + ".violations"), "rules broken in onClientMessage");
        closeNormally(client);
        assertOrderPageClosed(token, 4);
    }

    /**
     * §2.4: {@value #ORDERED_MESSAGES} numbered messages from one client (each sent when the
     * previous send completed) reach {@code onClientMessage} one at a time (no call enters
     * while another runs) and in arrival order, none lost; {@code server()} ran once.
     *
     * <p>If this test fails, check that a shared page's messages go through one queue drained
     * by at most one thread at a time, and that a new drain run cannot start while one is
     * still delivering.
     */
    @Test
    public void required_spec2_4_messagesReachOnClientMessageOneAtATimeInArrivalOrder() {
        String token = token();
        TckClient client = connect(page(SharedOrderPage.NAME, "t=" + token));
        client.awaitText("running");
        TckProbe probe = probe();
        probe.signal(token + ".release");
        probe.await(token + ".server.returned", "yes");
        for (int n = 0; n < ORDERED_MESSAGES; n++) {
            client.send(Integer.toString(n));
        }
        String[] last = new String[1];
        try {
            env.await("onClientMessage to have handled " + ORDERED_MESSAGES + " messages",
                    env.timeout().multipliedBy(3), () -> Integer.toString(ORDERED_MESSAGES).equals(last[0] = probe.get(token + ".count"))
                            || probe.get(token + ".violations") != null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; handled: " + last[0] + "; violations: "
                    + probe.get(token + ".violations"), e);
        }
        assertNull(probe.get(token + ".violations"), "rules broken in onClientMessage (count " + last[0] + ")");
        assertEquals("1", probe.get(token + ".server"), "server() must run exactly once");
        closeNormally(client);
        assertOrderPageClosed(token, ORDERED_MESSAGES);
    }

    /**
     * §2.4: a call of {@code onClientMessage} that blocks holds back only its own socket: another
     * socket of the same page is served meanwhile (the container has free threads), and the
     * blocked socket's next message is handled after the call returns, in order.
     *
     * <p>If this test fails, check that one socket's delivery never waits for another's: on the
     * container's thread that delivered each message, or on a thread per socket.
     */
    @Test
    public void required_spec2_4_aBlockedOnClientMessageDelaysNoOtherSocket() {
        String slowToken = token();
        TckClient slow = connect(page(SharedBlockingPage.NAME, "t=" + slowToken));
        slow.awaitText("ready");
        slow.send("block");
        TckProbe probe = probe();
        probe.await(slowToken + ".blocked", "yes");
        slow.send("after");
        TckClient other = connect(page(SharedBlockingPage.NAME, "t=" + token()));
        other.awaitText("ready");
        for (int n = 0; n < 5; n++) {
            other.send("m" + n);
            other.awaitText("echo:m" + n);
        }
        assertEquals(0, slow.pending(), "the blocked socket answered before its call returned");
        probe.signal(slowToken + ".release");
        slow.awaitText("released");
        slow.awaitText("echo:after");
        closeNormally(slow);
        closeNormally(other);
    }

    /**
     * §2.4: {@code onClientMessage} may run on the container's thread that delivered the message,
     * as an {@code @OnMessage} method does, but never in a selector loop that serves every
     * socket's I/O (Tomcat's poller, Grizzly's selector runner, Jetty's managed selector, XNIO's
     * I/O thread): no frame of one is on its stack.
     *
     * <p>If this test fails, check that messages are handed to {@code onClientMessage} on the
     * container's message (request) thread or a library thread, never from a selector callback.
     */
    @Test
    public void required_spec2_4_onClientMessageNeverRunsOnASelectorThread() {
        String token = token();
        TckClient client = connect(page(SharedOrderPage.NAME, "t=" + token));
        client.awaitText("running");
        TckProbe probe = probe();
        probe.signal(token + ".release");
        probe.await(token + ".server.returned", "yes");
        int count = 200;
        for (int n = 0; n < count; n++) {
            client.send(Integer.toString(n));
        }
        probe.await(token + ".count", Integer.toString(count));
        String thread = probe.get(token + ".thread");
        assertNull(probe.get(token + ".violations"), () -> "onClientMessage ran where it must not (first call on "
                + thread + ")");
        closeNormally(client);
        assertOrderPageClosed(token, count);
    }

    private void assertOrderPageClosed(String token, int handled) {
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        assertEquals("close[]:" + handled + ",post", probe.get(token + ".events"),
                "onClientMessage(\"\", 1) after every message, then onPostServer");
        env.assertStays("onClientMessage(\"\", 1) and onPostServer to have run exactly once",
                () -> "1".equals(probe.get(token + ".post")) && "1".equals(probe.get(token + ".close")));
        assertNull(probe.get(token + ".violations"), "rules broken in onClientMessage");
    }

    // ------------------------------------------------------------------ §2.4, §2.5 the close

    /**
     * §2.4, §2.5: when the client closes, {@code onClientMessage("", 1)} is called once, after
     * the messages the client sent before, and then {@code onPostServer} once; the id is no
     * longer listed in {@code onPostServer}.
     *
     * <p>If this test fails, check that the end of input is queued behind the messages and
     * triggers exactly one close call, followed by {@code onPostServer}.
     */
    @Test
    public void required_spec2_4_clientCloseCallsOnClientMessageCloseOnceThenOnPostServer() {
        Shared socket = openShared();
        socket.client().send("a");
        socket.client().awaitText("a");
        socket.client().send("b");
        socket.client().awaitText("b");
        closeNormally(socket.client());
        assertClosedOnceThenPostServer(socket.token());
        TckProbe probe = probe();
        assertEquals("msg,msg,close[],post", probe.get(socket.token() + ".events"));
        assertEquals("1000", probe.get(socket.token() + ".closeCode"), "getCloseCode() in onPostServer");
        assertEquals("false", probe.get(socket.token() + ".post.listed"), "the id was still listed in onPostServer");
    }

    /**
     * §2.4, §5, §6.1: {@code endServer} through an {@code openServer} handle in a servlet
     * closes a shared socket with 1000 and an empty reason; then {@code onClientMessage("", 1)}
     * and {@code onPostServer} run once each, in that order; a second {@code endServer}
     * returns 7951.
     *
     * <p>If this test fails, check that a server-side close of a shared socket also reaches
     * the dispatcher (the close call) and {@code onPostServer}.
     */
    @Test
    public void required_spec2_4_endServerFromAServletCallsOnClientMessageCloseOnceThenOnPostServer() {
        Shared socket = openShared();
        TckProbe probe = probe();
        assertEquals("0", probe.handle("end", socket.id(), null), "endServer() through a handle");
        TckClient.Close close = socket.client().awaitClose();
        assertEquals(1000, close.code());
        assertEquals("", close.reason());
        assertClosedOnceThenPostServer(socket.token());
        assertEquals("7951", probe.handle("end", socket.id(), null), "a second endServer() through a handle");
        assertEquals("1000", probe.get(socket.token() + ".closeCode"), "getCloseCode() in onPostServer");
    }

    /**
     * §2.4, §5: {@code endServer()} called by the page inside {@code onClientMessage} closes
     * with 1000; the close call and {@code onPostServer} follow once each.
     *
     * <p>If this test fails, check that a close started from inside {@code onClientMessage}
     * does not deadlock the dispatcher and still leads to exactly one close call.
     */
    @Test
    public void required_spec2_4_endServerInOnClientMessageCallsOnClientMessageCloseOnceThenOnPostServer() {
        Shared socket = openShared();
        socket.client().send("end");
        TckClient.Close close = socket.client().awaitClose();
        assertEquals(1000, close.code());
        assertEquals("", close.reason());
        assertClosedOnceThenPostServer(socket.token());
        assertEquals("msg,close[],post", probe().get(socket.token() + ".events"));
    }

    /**
     * §2.4: an error status from {@code onClientMessage} closes the socket with 1011 (the
     * reason does not carry the status text); the close call and {@code onPostServer} follow
     * once each.
     *
     * <p>If this test fails, check that the dispatcher checks the status of each call and
     * closes with {@code UNEXPECTED_CONDITION} and a fixed reason.
     */
    @Test
    public void required_spec2_4_errorStatusFromOnClientMessageClosesWith1011() {
        assertFailingMessageCloses1011("error");
    }

    /**
     * §2.4, §2.5: an exception from {@code onClientMessage} closes the socket with 1011 (the
     * reason does not carry the exception text); the close call and {@code onPostServer} still
     * follow once each.
     *
     * <p>If this test fails, check that exceptions from {@code onClientMessage} are caught per
     * connection, turned into 1011, and do not skip the close call or {@code onPostServer}.
     */
    @Test
    public void required_spec2_4_exceptionFromOnClientMessageClosesWith1011() {
        assertFailingMessageCloses1011("throw");
    }

    private void assertFailingMessageCloses1011(String message) {
        Shared socket = openShared();
        socket.client().send("fine");
        socket.client().awaitText("fine");
        socket.client().send(message);
        TckClient.Close close = socket.client().awaitClose();
        assertEquals(1011, close.code(), "close code after onClientMessage's " + message);
        assertCleanReason(close.reason());
        assertClosedOnceThenPostServer(socket.token());
        assertEquals("1011", probe().get(socket.token() + ".closeCode"), "getCloseCode() in onPostServer");
    }

    /**
     * §2.5: exceptions from {@code onClientMessage} of one shared socket affect no other
     * socket: another shared socket of the same page and a synchronous one keep working, and
     * new connections are accepted.
     *
     * <p>If this test fails, check that callback exceptions never reach a shared executor (a
     * pool whose worker dies, a dispatcher that stops) or the container.
     */
    @Test
    public void required_spec2_5_onClientMessageExceptionAffectsNoOtherSocket() {
        Shared bystander = openShared();
        TckClient echo = connect(page(EchoPage.NAME, "t=" + token()));
        bystander.client().send("before");
        bystander.client().awaitText("before");
        for (int i = 0; i < 3; i++) {
            Shared failing = openShared();
            failing.client().send("throw");
            assertEquals(1011, failing.client().awaitClose().code());
            probe().await(failing.token() + ".post", "1");
        }
        bystander.client().send("after");
        bystander.client().awaitText("after");
        echo.send("echo after");
        echo.awaitText("echo after");
        Shared newcomer = openShared();
        newcomer.client().send("new");
        newcomer.client().awaitText("new");
        closeNormally(bystander.client());
        closeNormally(newcomer.client());
        closeNormally(echo);
        assertClosedOnceThenPostServer(bystander.token());
    }

    /**
     * §2.5: an exception from {@code onClientMessage} is logged, and the log names the
     * WebSocketID.
     *
     * <p>If this test fails, check that the dispatcher logs callback exceptions (through
     * {@code System.Logger}) with the connection's WebSocketID.
     */
    @Test
    public void required_spec2_5_onClientMessageExceptionIsLoggedWithTheWebSocketId() {
        TckProbe probe = probe();
        try (LogCapture log = LogCapture.start(env, contextRoot(), probe)) {
            Shared socket = openShared();
            socket.client().send("throw");
            assertEquals(1011, socket.client().awaitClose().code());
            probe.await(socket.token() + ".post", "1");
            env.await("a warning naming WebSocketID " + socket.id() + " with onClientMessage's exception",
                    () -> log.problemsMentioning(socket.id()).stream()
                            .anyMatch(l -> l.contains(socket.token() + " thrown by onClientMessage()")));
        }
    }

    // ------------------------------------------------------------------ §3.5 back-pressure

    /**
     * §2.4, §3.5: a shared page whose {@code onClientMessage} is slow (the first call held,
     * then {@value #SLOW_HANDLER_MS} ms each) applies back-pressure: a client flooding
     * 64 KiB messages sees its sends stall well before {@value #BACK_PRESSURE_BUDGET} bytes;
     * once the handler catches up, every message arrives, whole, in order, none lost.
     *
     * <p>If this test fails, check that the queue of a shared page is bounded and, when full,
     * stops the reading (suspends the session or blocks the container thread) instead of
     * buffering, and that reading resumes once the handler has caught up.
     */
    @Test
    public void required_spec3_5_slowOnClientMessageAppliesBackPressureAndLosesNothing() {
        String token = token();
        TckClient client = connect(page(SharedSlowPage.NAME,
                "t=" + token + "&ms=" + SLOW_HANDLER_MS + "&size=" + FLOOD_MESSAGE_SIZE));
        client.awaitText("ready");
        TckProbe probe = probe();
        int sent = 0;
        CompletableFuture<?> stalled = null;
        try {
            while ((long) sent * FLOOD_MESSAGE_SIZE < BACK_PRESSURE_BUDGET) {
                CompletableFuture<?> send = client.sendAsync(SharedSlowPage.message(sent, FLOOD_MESSAGE_SIZE), true);
                // Pending for two stall periods in a row: back-pressure, not a hiccup of a loaded machine.
                if (!completesWithin(send, STALL) && !completesWithin(send, STALL)) {
                    stalled = send;
                    break;
                }
                sent++;
            }
            long total = (long) sent * FLOOD_MESSAGE_SIZE;
            assertNotNull(stalled, () -> "the client sent " + total + " bytes to a held onClientMessage and no send stalled");
            assertEquals("yes", probe.get(token + ".gated"), "the first message must have reached onClientMessage");
            CompletableFuture<?> pending = stalled;
            env.assertStays("the stalled send to stay pending while onClientMessage is held", () -> !pending.isDone());
        } finally {
            probe.signal(token + ".release");
        }
        Duration catchUp = env.timeout().plusMillis((long) (sent + 1) * SLOW_HANDLER_MS * 2);
        if (!completesWithin(stalled, catchUp)) {
            throw new AssertionError("the stalled send did not complete within " + catchUp.toMillis()
                    + " ms after onClientMessage was released (" + probe.get(token + ".count") + " of " + sent + " handled)");
        }
        sent++;
        for (int i = 0; i < 10; i++) {
            client.send(SharedSlowPage.message(sent++, FLOOD_MESSAGE_SIZE));
        }
        int total = sent;
        String[] last = new String[1];
        try {
            env.await(total + " messages to reach onClientMessage", catchUp.plusMillis(10L * SLOW_HANDLER_MS),
                    () -> Integer.toString(total).equals(last[0] = probe.get(token + ".count")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; handled " + last[0] + "; violations: "
                    + probe.get(token + ".violations"), e);
        }
        assertNull(probe.get(token + ".violations"), "messages out of order or not whole");
        closeNormally(client);
        probe.await(token + ".post", "1");
    }

    private static boolean completesWithin(CompletableFuture<?> future, Duration limit) {
        try {
            future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new AssertionError("a send failed instead of stalling: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ------------------------------------------------------------------ §2.4 pages that read

    /**
     * §2.4: a shared page that does not override {@code onClientMessage} gets its messages
     * queued for {@code read}: a thread the page starts reads them with the page's
     * {@code read()}, in order, after {@code server()} returned; after the client closes the
     * read returns 7951 and {@code onPostServer} runs once.
     *
     * <p>If this test fails, check that shared pages without {@code onClientMessage} get an
     * inbox for {@code read} (not a dispatcher that drops messages into the default method).
     */
    @Test
    public void required_spec2_4_pageWithoutOnClientMessageReadsItsMessagesItself() {
        String token = token();
        TckClient client = connect(page(SharedReadPage.NAME, "t=" + token + "&mode=page"));
        client.awaitText("reading");
        TckProbe probe = probe();
        probe.await(token + ".server.returned", "yes");
        for (String message : List.of("first", "second", "third")) {
            client.send(message);
        }
        client.awaitText("echo:first");
        client.awaitText("echo:second");
        client.awaitText("echo:third");
        closeNormally(client);
        assertEquals("7951", probe.await(token + ".reader.end"), "the page's read after the client closed");
        probe.await(token + ".post", "1");
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(token + ".post")));
    }

    /**
     * §2.4, §6.1: a shared page that does not override {@code onClientMessage} gets its
     * messages queued for reading through an {@code openServer} handle in a servlet (IRIS
     * 2016): whole messages in order, a long one in pieces, 7950 when nothing is queued, and
     * 7951 after the client closed.
     *
     * <p>If this test fails, check that the handle's {@code read} reads the connection's inbox
     * from any thread, with the timeout given.
     */
    @Test
    public void required_spec2_4_pageWithoutOnClientMessageIsReadThroughOpenServer() {
        String token = token();
        TckClient client = connect(page(SharedReadPage.NAME, "t=" + token + "&mode=handle"));
        String first = client.awaitText();
        assertTrue(first.startsWith("id="), () -> "unexpected first message " + first);
        String id = first.substring(3);
        TckProbe probe = probe();
        probe.await(token + ".server.returned", "yes");
        SharedModeProbe shared = sharedProbe();
        client.send("one");
        client.send("two");
        assertRead(Map.of("code", "0", "atEnd", "true", "data", "one"), shared.read(id, 0, env.timeout()));
        assertRead(Map.of("code", "0", "atEnd", "true", "data", "two"), shared.read(id, 0, env.timeout()));
        assertRead(Map.of("code", "7950", "data", ""), shared.read(id, 0, Duration.ofMillis(100)));
        client.send("three");
        assertRead(Map.of("code", "0", "atEnd", "false", "data", "th"), shared.read(id, 2, env.timeout()));
        assertRead(Map.of("code", "0", "atEnd", "false", "data", "re"), shared.read(id, 2, env.timeout()));
        assertRead(Map.of("code", "0", "atEnd", "true", "data", "e"), shared.read(id, 2, env.timeout()));
        closeNormally(client);
        probe.await(token + ".post", "1");
        assertRead(Map.of("code", "7951", "data", ""), shared.read(id, 0, env.timeout()));
    }

    private static void assertRead(Map<String, String> expected, Map<String, String> actual) {
        expected.forEach((key, value) -> assertEquals(value, actual.get(key),
                () -> "read through openServer: " + key + " in " + actual));
    }

    // ------------------------------------------------------------------ §6 openServer and the registry

    /**
     * §6.1: a servlet opens a shared socket by id: {@code status()} is OK and {@code write}
     * returns OK and delivers exactly that message, while {@code onClientMessage} keeps
     * working.
     *
     * <p>If this test fails, check that handles of shared sockets write through the same
     * serialized path as the page.
     */
    @Test
    public void required_spec6_1_openServerWritesToASharedSocket() {
        Shared socket = openShared();
        TckProbe probe = probe();
        assertEquals("0", probe.handle("status", socket.id(), null), "status() of an open shared socket");
        assertEquals("0", probe.handle("write", socket.id(), "from a servlet"), "write() from a servlet");
        socket.client().awaitText("from a servlet");
        socket.client().send("echo");
        socket.client().awaitText("echo");
        closeNormally(socket.client());
        assertClosedOnceThenPostServer(socket.token());
    }

    /**
     * §6.2: once a shared socket closed, a handle opened by its id answers 7951 to
     * {@code status}, {@code write}, {@code endServer} and {@code read}; malformed ids
     * (derived from a live shared id, empty, {@code null}, 10,000 characters) answer 5001;
     * nothing throws.
     *
     * <p>If this test fails, check that {@code openServer} looks ids up in the registry and
     * checks their syntax first, for every operation, including {@code read} of a page that
     * handles {@code onClientMessage}.
     */
    @Test
    public void required_spec6_2_staleAndMalformedIdsOfSharedSocketsAnswer7951And5001() {
        Shared stale = openShared();
        closeNormally(stale.client());
        assertClosedOnceThenPostServer(stale.token());
        Shared live = openShared();
        TckProbe probe = probe();
        assertEquals("7951", probe.handle("status", stale.id(), null), "status() of a closed shared id");
        assertEquals("7951", probe.handle("write", stale.id(), "late"), "write() to a closed shared id");
        assertEquals("7951", probe.handle("end", stale.id(), null), "endServer() of a closed shared id");
        assertEquals("7951|", probe.handle("read", stale.id(), null), "read() of a closed shared id");
        for (String action : List.of("status", "write", "end", "read")) {
            String expected = action.equals("read") ? "5001|" : "5001";
            assertEquals(expected, probe.handleSpecial(action, "null"), action + " with a null id");
            assertEquals(expected, probe.handleSpecial(action, "long"), action + " with a 10,000-character id");
            for (String id : List.of("", live.id() + " ", live.id() + "/x", "../" + live.id())) {
                assertEquals(expected, probe.handle(action, id, "x"), action + " with id \"" + id + "\"");
            }
        }
        live.client().send("untouched");
        live.client().awaitText("untouched");
        closeNormally(live.client());
        assertClosedOnceThenPostServer(live.token());
    }

    /**
     * §6.2: a handle opened while a shared socket was open and kept across its close answers
     * 7951 to every call afterwards ({@code status}, {@code write}, {@code writeAsync},
     * {@code endServer}, {@code read}), for a page that handles {@code onClientMessage} and for
     * one whose messages are queued for reading; nothing throws.
     *
     * <p>If this test fails, check that handles check the connection's state on each call,
     * before any mode-specific check (a closed socket is 7951 whatever its mode).
     */
    @Test
    public void required_spec6_2_handleKeptAcrossTheCloseAnswers7951() {
        SharedModeProbe shared = sharedProbe();
        Shared handled = openShared();
        String readToken = token();
        TckClient reading = connect(page(SharedReadPage.NAME, "t=" + readToken + "&mode=handle"));
        String first = reading.awaitText();
        assertTrue(first.startsWith("id="), () -> "unexpected first message " + first);
        String readId = first.substring(3);
        assertEquals("0", shared.hold(handled.id()), "status() of a handle of an open shared socket");
        assertEquals("0", shared.hold(readId), "status() of a handle of an open shared socket");
        closeNormally(handled.client());
        closeNormally(reading);
        assertClosedOnceThenPostServer(handled.token());
        probe().await(readToken + ".post", "1");
        List<String> wrong = new ArrayList<>();
        for (String id : List.of(handled.id(), readId)) {
            String page = id.equals(readId) ? SharedReadPage.NAME : SharedClosePage.NAME;
            for (String action : List.of("status", "write", "writeAsync", "end", "read")) {
                String code = shared.held(id, action);
                if (!"7951".equals(code)) {
                    wrong.add(action + " on a kept handle of a closed " + page + " socket answered " + code);
                }
            }
        }
        assertTrue(wrong.isEmpty(), () -> "kept handles must answer 7951 after the close: " + wrong);
    }

    /**
     * §6.3: {@code openIds} never lists a closed socket: while {@value #CHURN_THREADS} threads
     * open and close {@value #CHURN_CYCLES} shared sockets each, a servlet thread loops over
     * {@code openIds} and writes to every listed id; every write returns OK or 7951, never
     * 5001 or an exception (nor do the pages' own writes in {@code server()}). Every id was
     * listed when its {@code server()} ran (unless its client had closed already) and no longer
     * when its {@code onPostServer} ran; afterwards {@code openIds} is empty.
     *
     * <p>If this test fails, check that ids are registered before {@code server()} and removed
     * at the close, before {@code onPostServer}, and that a write racing with a close reports
     * 7951 (the socket is closed), not a send failure.
     */
    @Test
    public void required_spec6_3_openIdsNeverListsAClosedSharedSocket() {
        TckProbe probe = probe();
        String pageClass = SharedChurnPage.class.getName();
        env.await("no SharedChurnPage socket left from earlier tests", () -> probe.openIds(pageClass).isEmpty());
        String token = token();
        SharedModeProbe shared = sharedProbe();
        URI uri = page(SharedChurnPage.NAME, "t=" + token);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CHURN_THREADS);
        Map<String, String> churn;
        shared.churnStart(token, pageClass);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < CHURN_THREADS; t++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < CHURN_CYCLES; i++) {
                        TckClient client = TckClient.connect(env, uri);
                        try {
                            if (i % 2 == 0) {
                                client.awaitText(); // "in" or a write of the servlet thread
                            }
                            client.sendClose(1000, "");
                            int code = client.awaitCloseSkippingText().code();
                            if (code != 1000) {
                                failures.add("close code " + code);
                            }
                        } catch (AssertionError | RuntimeException e) {
                            failures.add(e.toString());
                        } finally {
                            client.abort();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(env.timeout().toMillis() * CHURN_CYCLES, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("a churning client failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            clients.shutdownNow();
            churn = shared.churnStop(token);
        }
        Map<String, String> tally = churn;
        assertTrue(failures.isEmpty(), () -> failures.size() + " churning connections failed, first: " + failures.peek());
        assertEquals("false", tally.get("alive"), () -> "the servlet's writer thread did not stop: " + tally);
        assertEquals("0", tally.get("exceptions"), () -> "openIds/openServer/write threw: " + tally);
        assertEquals("0", tally.get("other"), () -> "writes to listed ids must return OK or 7951: " + tally);
        assertTrue(Integer.parseInt(tally.get("ok")) > 0, () -> "no write reached a listed socket: " + tally);
        int total = CHURN_THREADS * CHURN_CYCLES;
        try {
            probe.await(token + ".post", Integer.toString(total));
        } catch (AssertionError e) {
            // A shared page's onPostServer waits for its server() to return.
            throw new AssertionError(e.getMessage() + "; server() returned in " + probe.get(token + ".server.done")
                    + " of " + total + " connections (the others are still in write(\"in\") to a closed socket?)", e);
        }
        env.await("openIds(SharedChurnPage) to be empty after every client closed", () -> probe.openIds(pageClass).isEmpty());
        assertNull(probe.get(token + ".server.listed.false"), "server() runs of open sockets that did not see their id listed");
        int listed = Integer.parseInt(Objects.requireNonNullElse(probe.get(token + ".server.listed.true"), "0"));
        int closedFirst = Integer.parseInt(Objects.requireNonNullElse(probe.get(token + ".server.listed.closed"), "0"));
        assertEquals(total, listed + closedFirst, () -> "server() runs: " + listed + " saw their id listed, "
                + closedFirst + " had been closed by the client already");
        assertNull(probe.get(token + ".post.listed.true"), "onPostServer runs that still saw their id listed");
        assertNull(probe.get(token + ".server.write"),
                "write() in server() to a socket whose client is closing must return OK or 7951");
    }
}
