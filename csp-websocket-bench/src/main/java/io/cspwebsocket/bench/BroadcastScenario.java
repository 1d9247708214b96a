package io.cspwebsocket.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Broadcast: two sets of {@code n} open sockets, raw ({@code /raw/broadcast}) and CSP
 * ({@code Bench.Broadcast}), both open for the whole scenario. One round asks the server (over
 * HTTP, as a servlet or timer would) to send one message to every socket of one set, and
 * measures on the client the time from that request until every socket of the set has the
 * message. With the system property {@code csp.bench.debug} set, each round's server answer
 * (send counts, loop times, and for {@code csp-openserver} the time spent in {@code openIds},
 * {@code openServer} and {@code write}) is printed.
 */
final class BroadcastScenario implements AutoCloseable {

    static final String RAW = "raw";
    static final String CSP_BROADCAST = "csp-broadcast";
    static final String CSP_OPEN_SERVER = "csp-openserver";

    /**
     * One round's figures.
     *
     * @param serverCpuNanos the server process's CPU time from before the request until every
     *        socket had the message and the server answered (the control request included); -1 if unknown
     */
    record Result(long timeToAllNanos, long serverLoopNanos, long serverCpuNanos) {
    }

    private final ServerProcess server;
    private final Options options;
    private final ClientPool pool;
    private final Tally tally;
    private final String what;
    private final AtomicReference<Round> rawRound = new AtomicReference<>();
    private final AtomicReference<Round> cspRound = new AtomicReference<>();
    private ClientPool.Opened<Receiver> raw;
    private ClientPool.Opened<Receiver> csp;
    private int nextSeq = 1;

    BroadcastScenario(ServerProcess server, ClientPool pool, Options options, Tally tally, String what) {
        this.server = server;
        this.pool = pool;
        this.options = options;
        this.tally = tally;
        this.what = what;
    }

    /**
     * Opens both sets and waits until the server has them all.
     *
     * @return whether both sets are complete
     * @throws InterruptedException if interrupted
     * @throws IOException if the server does not answer
     */
    boolean open() throws InterruptedException, IOException {
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds);
        int n = options.broadcastConnections;
        raw = pool.openAll(server.ws("/raw/broadcast"), n, i -> new Receiver(rawRound), options.connectConcurrency,
                timeout);
        csp = pool.openAll(server.ws("/csp/user/Bench.Broadcast.cls"), n, i -> new Receiver(cspRound),
                options.connectConcurrency, timeout);
        tally.connectFailures += raw.failures + csp.failures;
        if (raw.failures + csp.failures > 0) {
            tally.problem(what + ": " + (raw.failures + csp.failures) + " connections failed: "
                    + (raw.firstFailure != null ? raw.firstFailure : csp.firstFailure));
            return false;
        }
        boolean rawReady = IdleScenario.awaitCount(server, "rawBroadcastSessions", n, timeout);
        boolean cspReady = IdleScenario.awaitCount(server, "cspReading", n, timeout);
        if (!rawReady || !cspReady) {
            tally.problem(what + ": the server did not report " + n + " open sockets of each kind");
            return false;
        }
        return true;
    }

    /**
     * One broadcast.
     *
     * @param via {@link #RAW}, {@link #CSP_BROADCAST} or {@link #CSP_OPEN_SERVER}
     * @param counted whether it counts toward the tally (warm-up rounds do not)
     * @return the figures, or {@code null} if not every socket got the message in time
     * @throws InterruptedException if interrupted
     */
    Result round(String via, boolean counted) throws InterruptedException {
        boolean isRaw = via.equals(RAW);
        ClientPool.Opened<Receiver> set = isRaw ? raw : csp;
        AtomicReference<Round> current = isRaw ? rawRound : cspRound;
        int seq = nextSeq++;
        Round round = new Round(seq, set.listeners.size());
        current.set(round);
        long cpuBefore = server.cpuNanos();
        long start = System.nanoTime();
        CompletableFuture<Map<String, String>> answer = server.controlAsync("op=broadcast&via=" + via + "&seq=" + seq
                + "&size=" + options.messageSize);
        boolean all = round.done.await(options.timeoutSeconds, TimeUnit.SECONDS);
        Map<String, String> reply = null;
        String failure = null;
        try {
            reply = ServerProcess.join(answer, Duration.ofSeconds(options.timeoutSeconds));
        } catch (IOException e) {
            failure = e.getMessage();
        }
        long cpuAfter = server.cpuNanos();
        current.set(null);
        int expected = set.listeners.size();
        int received = expected - round.remaining.get();
        if (counted) {
            tally.messagesExpected += expected;
            tally.messagesReceived += received;
        }
        if (!all || failure != null) {
            tally.problem(what + " " + via + " round " + seq + ": " + received + " of " + expected + " received"
                    + (failure != null ? "; control: " + failure : ""));
            return null;
        }
        long loop = Long.parseLong(reply.getOrDefault("loopNanos", "0"));
        if (System.getProperty("csp.bench.debug") != null) {
            System.out.println("[bench] " + via + " round " + seq + ": " + reply);
        }
        if (!String.valueOf(expected).equals(reply.get("sent"))) {
            tally.problem(what + " " + via + " round " + seq + ": server sent " + reply.get("sent") + " of " + expected
                    + ", failed " + reply.get("failed"));
        }
        return new Result(round.doneAt - start, loop, cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore);
    }

    /** Closes both sets and checks that nothing was duplicated, stray, or closed unasked. */
    @Override
    public void close() {
        for (ClientPool.Opened<Receiver> set : java.util.Arrays.asList(raw, csp)) {
            if (set == null) {
                continue;
            }
            try {
                ClientPool.closeAll(set.sockets, set.listeners, Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                set.sockets.forEach(WebSocket::abort);
            }
            long duplicates = 0;
            long stray = 0;
            long unasked = 0;
            for (Receiver receiver : set.listeners) {
                duplicates += receiver.duplicates;
                stray += receiver.stray;
                unasked += receiver.unexpectedClose ? 1 : 0;
            }
            tally.corrupt += duplicates + stray;
            tally.unexpectedCloses += unasked;
            if (duplicates + stray + unasked > 0) {
                tally.problem(what + ": " + duplicates + " duplicate and " + stray + " stray messages, " + unasked
                        + " sockets closed unasked");
            }
        }
    }

    /** One broadcast in flight: counts down as sockets get it. */
    static final class Round {
        final int seq;
        final AtomicInteger remaining;
        final CountDownLatch done = new CountDownLatch(1);
        volatile long doneAt;

        Round(int seq, int sockets) {
            this.seq = seq;
            this.remaining = new AtomicInteger(sockets);
        }

        void arrived(long now) {
            if (remaining.decrementAndGet() == 0) {
                doneAt = now;
                done.countDown();
            }
        }
    }

    /** A broadcast receiver: each round's message must arrive exactly once. */
    static final class Receiver extends ClientPool.Listener {
        private final AtomicReference<Round> current;
        private int lastSeq = -1;
        volatile long duplicates;
        volatile long stray;

        Receiver(AtomicReference<Round> current) {
            this.current = current;
        }

        @Override
        void onMessage(WebSocket socket, String message, long now) {
            int seq = parseSeq(message);
            Round round = current.get();
            if (round == null || seq != round.seq) {
                stray++;
            } else if (seq == lastSeq) {
                duplicates++;
            } else {
                lastSeq = seq;
                round.arrived(now);
            }
        }

        private static int parseSeq(String message) {
            if (!message.startsWith("b:")) {
                return -1;
            }
            int end = message.indexOf(':', 2);
            try {
                return end < 0 ? -1 : Integer.parseInt(message, 2, end, 10);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
