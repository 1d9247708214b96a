package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.ChatRoomPage;
import io.cspwebsocket.tck.pages.SharedFanoutPage;
import io.cspwebsocket.tck.support.NonReadingClient;
import io.cspwebsocket.tck.support.SharedModeProbe;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.2–§4.4 and §6.3 for many shared sockets: concurrent broadcasts (through
 * {@code CspWebSocket.broadcast} and through {@code openIds} + {@code openServer(id).writeAsync})
 * reach every client once, whole and in each sender's order; one client that stops reading
 * never stalls the others, a blocking write to it fails with 5001 within the send timeout and
 * closes it with 1011, and once it vanishes it leaves {@code openIds} and its pending writes
 * complete.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * BroadcastVerification.broadcastWar(); }}: that WAR sets the short send timeout of
 * {@link #CONTEXT_PARAMS} in a {@code web.xml}.
 */
public abstract class BroadcastVerification extends VerificationBase {

    /**
     * The send timeout set for this verification, as written in the context parameter: short,
     * so the slow-client tests end soon, yet long enough that reading clients of the fan-out
     * tests (50,000 messages) never miss it on a loaded machine (2 s did once, at a load average
     * of 17 on 2 cores, and closed reading clients with 1011).
     */
    public static final String SEND_TIMEOUT = "5s";
    /** {@link #SEND_TIMEOUT} in milliseconds. */
    public static final long SEND_TIMEOUT_MS = 5_000;
    /** The context parameters of {@link #broadcastWar()}. */
    public static final Map<String, String> CONTEXT_PARAMS = Map.of("io.cspwebsocket.sendTimeout", SEND_TIMEOUT);

    /** Clients of the chat room in the concurrent broadcast tests. */
    protected static final int MEMBERS = 50;
    /** Sender threads in the concurrent broadcast tests. */
    protected static final int SENDERS = 20;
    /** Messages per sender thread. */
    protected static final int MESSAGES_PER_SENDER = 50;
    /** Clients that read normally beside the one that does not. */
    protected static final int READING_CLIENTS = 3;
    /** Large messages sent to every socket in the slow-client tests. */
    protected static final int FLOOD_MESSAGES = 160;
    /**
     * Chars per large message. The client that does not read is first stalled by
     * writing such messages to it until one does not complete: how
     * much fits before that is the container's business (Tomcat: little more than the TCP
     * buffers; Payara's Grizzly: about 10 MiB more).
     */
    protected static final int FLOOD_MESSAGE_SIZE = 64 * 1024;
    /** Large messages sent at once, before the reading clients must have received them. */
    protected static final int FLOOD_BURST = 16;

    private final List<NonReadingClient> nonReading = new ArrayList<>();

    /** For the concrete run. */
    protected BroadcastVerification() {
    }

    /**
     * The deployment of this verification: the standard one, at context path
     * {@code /csp-tck-broadcast}, with {@link #CONTEXT_PARAMS}.
     *
     * @return the archive
     */
    public static WebArchive broadcastWar() {
        return TckDeployments.war("csp-tck-broadcast", CONTEXT_PARAMS);
    }

    /** Drops the clients that never read. */
    @AfterEach
    protected void closeNonReadingClients() {
        nonReading.forEach(NonReadingClient::close);
        nonReading.clear();
    }

    private SharedModeProbe sharedProbe() {
        return new SharedModeProbe(env, contextRoot());
    }

    private void assertDeployed(TckProbe probe) {
        assertEquals(SEND_TIMEOUT, probe.initParam("io.cspwebsocket.sendTimeout"),
                "this verification needs the deployment BroadcastVerification.broadcastWar()");
    }

    private void awaitNoSocketsOf(TckProbe probe, String pageClass) {
        env.await("no " + pageClass + " socket left from earlier tests", () -> probe.openIds(pageClass).isEmpty());
    }

    // ------------------------------------------------------------------ §4.2, §4.4 concurrent broadcasts

    /**
     * §4.2, §4.4: {@value #SENDERS} servlet threads call {@code CspWebSocket.broadcast}
     * {@value #MESSAGES_PER_SENDER} times each at once, to {@value #MEMBERS} shared sockets:
     * each call counts every socket, and every client gets every message exactly once, whole,
     * each sender's messages in order.
     *
     * <p>If this test fails, check that {@code broadcast} enqueues on each socket's serialized
     * writer (never a second concurrent container send) and that enqueueing keeps each
     * thread's order.
     */
    @Test
    public void required_spec4_4_concurrentBroadcastsReachEveryClientOnceWholeAndInOrder() {
        assertFanout("broadcast");
    }

    /**
     * §4.2, §4.4, §6.3: {@value #SENDERS} servlet threads each send {@value #MESSAGES_PER_SENDER}
     * messages to every id {@code openIds} lists, through {@code openServer(id).writeAsync}, at
     * once, to {@value #MEMBERS} shared sockets: every write completes OK and every client gets
     * every message exactly once, whole, each sender's messages in order.
     *
     * <p>If this test fails, check that {@code writeAsync} through handles shares the socket's
     * serialized writer with {@code write} and {@code broadcast}.
     */
    @Test
    public void required_spec4_4_concurrentWriteAsyncThroughHandlesReachEveryClientOnceWholeAndInOrder() {
        assertFanout("handles");
    }

    private void assertFanout(String via) {
        TckProbe probe = probe();
        assertDeployed(probe);
        String pageClass = ChatRoomPage.class.getName();
        awaitNoSocketsOf(probe, pageClass);
        List<CompletableFuture<TckClient>> pending = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            pending.add(TckClient.to(env, page(ChatRoomPage.NAME, "t=" + token())).connectAsync());
        }
        List<TckClient> members = new ArrayList<>();
        for (CompletableFuture<TckClient> future : pending) {
            members.add(track(join(future, "a chat room handshake")));
        }
        for (TckClient member : members) {
            member.awaitText("joined");
        }
        env.await(MEMBERS + " chat room sockets in openIds", () -> probe.openIds(pageClass).size() == MEMBERS);

        Map<String, String> tally = sharedProbe().fanout(pageClass, via, SENDERS, MESSAGES_PER_SENDER,
                env.timeout().multipliedBy(3));
        int sends = SENDERS * MESSAGES_PER_SENDER;
        assertEquals("0", tally.get("exceptions"), () -> "sending threw: " + tally);
        assertEquals(Integer.toString(sends), tally.get("calls"), () -> "sends made: " + tally);
        if (via.equals("broadcast")) {
            assertEquals(Integer.toString(MEMBERS), tally.get("minAccepted"), () -> "broadcast must count every socket: " + tally);
            assertEquals(Integer.toString(MEMBERS), tally.get("maxAccepted"), () -> "broadcast must count every socket: " + tally);
        } else {
            assertEquals(Integer.toString(sends * MEMBERS), tally.get("writes"), () -> "writes made: " + tally);
            assertEquals(tally.get("writes"), tally.get("ok"), () -> "every writeAsync must complete OK: " + tally);
        }

        List<String> anomalies = new ArrayList<>();
        for (int c = 0; c < members.size(); c++) {
            int[] next = new int[SENDERS];
            for (int i = 0; i < sends; i++) {
                String message = members.get(c).awaitText();
                String[] parts = message.split(":", 3);
                int t = parts.length == 3 ? parseOr(parts[0]) : -1;
                int n = parts.length == 3 ? parseOr(parts[1]) : -1;
                if (t < 0 || t >= SENDERS || n < 0) {
                    anomalies.add("client " + c + ": torn or interleaved message " + abbreviate(message));
                } else if (n != next[t]) {
                    anomalies.add("client " + c + ": sender " + t + " message #" + n + " arrived when #" + next[t] + " was due");
                    next[t] = n + 1;
                } else if (!ChatRoomPage.message(t, n).equals(message)) {
                    anomalies.add("client " + c + ": sender " + t + " message #" + n + " arrived torn: " + abbreviate(message));
                    next[t] = n + 1;
                } else {
                    next[t] = n + 1;
                }
            }
            if (anomalies.size() > 20) {
                break;
            }
        }
        assertTrue(anomalies.isEmpty(), () -> anomalies.size() + "+ anomalies, first: " + anomalies.subList(0, Math.min(5, anomalies.size())));
        for (TckClient member : members) {
            member.sendClose(1000, "");
        }
        for (TckClient member : members) {
            assertEquals(1000, member.awaitClose().code());
        }
    }

    // ------------------------------------------------------------------ §4.3, §4.4 one slow client

    /** The reading clients of a fan-out test, their ids, and the id and token of the one that does not read. */
    private record Fanout(List<TckClient> reading, List<String> readingIds, String slowId, String slowToken) {
    }

    /**
     * Opens {@value #READING_CLIENTS} reading clients and one that never reads. Sockets that
     * earlier tests left behind are tolerated here: whether they go away is
     * {@link #required_spec6_3_clientThatVanishesWithWritesPendingLeavesOpenIds()}'s business.
     */
    private Fanout openFanout(TckProbe probe, int readingClients) {
        assertDeployed(probe);
        List<TckClient> reading = new ArrayList<>();
        List<String> readingIds = new ArrayList<>();
        for (int i = 0; i < readingClients; i++) {
            String token = token();
            TckClient client = connect(page(SharedFanoutPage.NAME, "t=" + token));
            client.awaitText("joined");
            reading.add(client);
            readingIds.add(probe.await(token + ".id"));
        }
        String slowToken = token();
        nonReading.add(NonReadingClient.connect(env, page(SharedFanoutPage.NAME, "t=" + slowToken)));
        String slowId = probe.await(slowToken + ".id");
        List<String> ours = new ArrayList<>(readingIds);
        ours.add(slowId);
        env.await("the fan-out sockets of this test in openIds",
                () -> probe.openIds(SharedFanoutPage.class.getName()).containsAll(ours));
        return new Fanout(reading, readingIds, slowId, slowToken);
    }

    /**
     * Writes to the client that does not read, through a handle, until a write does not
     * complete OK within half a second: everything between the library and that client (TCP
     * buffers, the container's own queue) is full, so whatever comes next really waits on it.
     * The writes are kept under {@code floodToken}.
     *
     * @return the servlet's tally
     */
    private Map<String, String> stallSlowClient(Fanout fanout, String floodToken) {
        Map<String, String> result = sharedProbe().floodUntilStall(fanout.slowId(), FLOOD_MESSAGE_SIZE, floodToken,
                env.timeout().multipliedBy(3));
        assertEquals("true", result.get("stalled"), () -> "writes to the client that does not read never stalled within "
                + env.timeout().multipliedBy(3).toMillis() + " ms: " + result);
        return result;
    }

    /**
     * Sends {@value #FLOOD_MESSAGES} messages of 64 KiB to every fan-out socket in bursts of
     * {@value #FLOOD_BURST} (1 MiB), each burst only once the reading clients have received
     * the previous one: the reading clients are never behind, only the one that does not read
     * is.
     *
     * @return the longest single {@code broadcast} / {@code writeAsync} call, in milliseconds
     */
    private long floodInBursts(Fanout fanout, String via, String floodToken) {
        SharedModeProbe shared = sharedProbe();
        long maxCallMs = 0;
        try {
            for (int from = 0; from < FLOOD_MESSAGES; from += FLOOD_BURST) {
                Map<String, String> tally = shared.flood(SharedFanoutPage.class.getName(), via, from, FLOOD_BURST,
                        FLOOD_MESSAGE_SIZE, floodToken, fanout.slowId(), fanout.readingIds());
                assertEquals("0", tally.get("exceptions"), () -> via + " threw: " + tally);
                maxCallMs = Math.max(maxCallMs, Long.parseLong(tally.get("maxCallMs")));
                if (via.equals("broadcast")) {
                    assertTrue(Integer.parseInt(tally.get("minAccepted")) >= fanout.reading().size(),
                            () -> "broadcast must count the reading clients: " + tally);
                } else {
                    assertEquals("0", tally.get("watchedRefused"), () -> "writeAsync to a reading client was refused: " + tally);
                }
                for (int c = 0; c < fanout.reading().size(); c++) {
                    for (int n = from; n < from + FLOOD_BURST; n++) {
                        String message = fanout.reading().get(c).awaitText();
                        if (!SharedFanoutPage.message(n, FLOOD_MESSAGE_SIZE).equals(message)) {
                            throw new AssertionError("reading client " + c + ": message #" + n + " expected, got "
                                    + abbreviate(message) + " (" + message.length() + " chars)");
                        }
                    }
                }
            }
        } catch (AssertionError e) {
            fanout.reading().forEach(this::discard); // their unread 64 KiB messages would only bury the failure
            throw e;
        }
        return maxCallMs;
    }

    /**
     * §4.4: with one client that never reads, already written to until a write to it no
     * longer completes (its TCP buffers and the container's queue full), {@code broadcast} of
     * {@value #FLOOD_MESSAGES} messages of 64 KiB never waits on it: no call takes as long as
     * the send timeout ({@value #SEND_TIMEOUT}), each counts at least the reading clients, and
     * the reading clients get every message in order.
     *
     * <p>If this test fails, check that {@code broadcast} only enqueues (refusing when a
     * socket's queue is full) and never waits for a send or for room in a queue.
     */
    @Test
    public void required_spec4_4_broadcastIsNotStalledByAClientThatDoesNotRead() {
        Fanout fanout = openFanout(probe(), READING_CLIENTS);
        stallSlowClient(fanout, token());
        long maxCallMs = floodInBursts(fanout, "broadcast", token());
        assertTrue(maxCallMs < SEND_TIMEOUT_MS, () -> "a broadcast call took " + maxCallMs
                + " ms: it waited on the client that does not read");
    }

    /**
     * §4.4: with one client that never reads, already written to until a write to it no
     * longer completes, {@code writeAsync} through handles of every listed socket ({@value #FLOOD_MESSAGES} messages of 64 KiB each) never waits on it: no
     * call takes as long as the send timeout, no write to a reading client is refused, the
     * reading clients get every message in order, and the writes to the client that does not
     * read stay pending or fail.
     *
     * <p>If this test fails, check that {@code writeAsync} returns before the send completes
     * and never waits for room in a full queue.
     */
    @Test
    public void required_spec4_4_writeAsyncIsNotStalledByAClientThatDoesNotRead() {
        Fanout fanout = openFanout(probe(), READING_CLIENTS);
        String floodToken = token();
        stallSlowClient(fanout, floodToken);
        long maxCallMs = floodInBursts(fanout, "handles", floodToken);
        assertTrue(maxCallMs < SEND_TIMEOUT_MS, () -> "a writeAsync call took " + maxCallMs
                + " ms: it waited on the client that does not read");
        Map<String, String> slow = sharedProbe().floodSlow(floodToken);
        int writes = Integer.parseInt(slow.get("writes"));
        assertTrue(writes > 0, () -> "no write reached the client that does not read: " + slow);
        assertTrue(Integer.parseInt(slow.get("ok")) < writes,
                () -> "every write to the client that does not read completed OK: it did not stall, so this test"
                        + " proves nothing (" + slow + ")");
    }

    /**
     * §4.3, §4.4: blocking writes through a handle to a client that never reads return OK
     * until its TCP buffers are full; then one returns 5001 after about the send timeout
     * ({@value #SEND_TIMEOUT}), the socket is closed with 1011 (seen by {@code onPostServer})
     * and its id answers 7951; the reading clients are not affected.
     *
     * <p>If this test fails, check that a blocking write waits for its send at most
     * {@code io.cspwebsocket.sendTimeout}, then closes the connection with 1011 and returns a
     * general error.
     */
    @Test
    public void required_spec4_3_blockingWriteToAClientThatDoesNotReadReturns5001AndCloses1011() {
        TckProbe probe = probe();
        Fanout fanout = openFanout(probe, READING_CLIENTS);
        Map<String, String> result = sharedProbe().blockingFlood(fanout.slowId(), FLOOD_MESSAGE_SIZE, 4096,
                env.timeout().multipliedBy(3));
        assertEquals("5001", result.get("code"), () -> "status of a write the client never took: " + result);
        long took = Long.parseLong(result.get("ms"));
        assertTrue(took >= SEND_TIMEOUT_MS / 2 && took <= 2 * SEND_TIMEOUT_MS,
                () -> "the failing write returned after " + took + " ms; send timeout " + SEND_TIMEOUT + " (" + result + ")");
        try {
            probe.await(fanout.slowToken() + ".post", "1");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the failing write: " + result + "; status() now "
                    + probe.handle("status", fanout.slowId(), null) + "; still in openIds: "
                    + probe.openIds(SharedFanoutPage.class.getName()).contains(fanout.slowId()), e);
        }
        assertEquals("1011", probe.get(fanout.slowToken() + ".closeCode"), () -> "close code after a send timeout ("
                + result + ")");
        assertEquals("7951", probe.handle("status", fanout.slowId(), null), "status() of the closed socket");
        assertTrue(probe.openIds(SharedFanoutPage.class.getName()).containsAll(fanout.readingIds()),
                "the reading clients must still be listed");
        for (String id : fanout.readingIds()) {
            assertEquals("0", probe.handle("write", id, "after"), "write to a reading client");
        }
        for (TckClient client : fanout.reading()) {
            client.awaitText("after");
        }
    }

    /**
     * §4.4, §6.3: a client that never reads, written to until a write no longer completes, and
     * then vanishes (its TCP connection reset) while {@code writeAsync}s to it are pending is
     * dropped: its id leaves {@code openIds},
     * {@code onPostServer} runs once, and every pending write completes (none stays pending
     * for ever).
     *
     * <p>If this test fails, check that a failed or abandoned send closes the connection (or
     * that the container's close reaches it), and that closing completes the message on the
     * wire as well as the queued ones.
     */
    @Test
    public void required_spec6_3_clientThatVanishesWithWritesPendingLeavesOpenIds() {
        TckProbe probe = probe();
        Fanout fanout = openFanout(probe, 0);
        String floodToken = token();
        SharedModeProbe shared = sharedProbe();
        stallSlowClient(fanout, floodToken);
        Map<String, String> before = shared.floodSlow(floodToken);
        assertTrue(Integer.parseInt(before.get("ok")) < Integer.parseInt(before.get("writes")),
                () -> "the writes to the client that does not read did not stall: " + before);
        closeNonReadingClients();
        String pageClass = SharedFanoutPage.class.getName();
        try {
            env.await("the vanished client's id to leave openIds", () -> !probe.openIds(pageClass).contains(fanout.slowId()));
            probe.await(fanout.slowToken() + ".post", "1");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; writes before the client vanished: " + before + "; now: "
                    + shared.floodSlow(floodToken) + "; status() " + probe.handle("status", fanout.slowId(), null), e);
        }
        AtomicReference<Map<String, String>> last = new AtomicReference<>();
        try {
            env.await("every writeAsync to the vanished client to complete", () -> {
                last.set(shared.floodSlow(floodToken));
                return "0".equals(last.get().get("pending"));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; writes: " + last.get(), e);
        }
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(fanout.slowToken() + ".post")));
    }

    // ------------------------------------------------------------------ helpers

    private <T> T join(CompletableFuture<T> future, String what) {
        try {
            return future.get(env.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + env.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static int parseOr(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
