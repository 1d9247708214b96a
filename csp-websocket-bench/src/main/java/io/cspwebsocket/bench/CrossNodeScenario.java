package io.cspwebsocket.bench;

import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Cross-node write: {@code n} {@link CrossNodePage} sockets on node A and {@code n} on node B,
 * open for the whole scenario. A series asks node A (over HTTP) to time
 * {@code openServer(id).write} to its own sockets (same-node) and to B's (cross-node, through
 * Redis), interleaved, one write at a time ({@link CrossNodeWriter}). Two figures per write: the
 * call's own duration until it returned OK (measured on node A), and the time from just before
 * the call until the whole message arrived at the load client (measured here, against the
 * timestamp in the message).
 */
final class CrossNodeScenario implements AutoCloseable {

    /** After node A answered, the last messages must arrive within this. */
    private static final Duration ARRIVAL_LIMIT = Duration.ofSeconds(30);

    /** Node A ends a series after this long in any case (below the control request's 120 s timeout). */
    private static final Duration SERIES_LIMIT = Duration.ofSeconds(100);

    /**
     * One series' figures, in microseconds.
     *
     * @param local same-node writes
     * @param remote cross-node writes
     * @param scheduler what Linux's scheduler says about nodes A and B and Redis over the series, per
     *        pair of writes (one of each kind): CPU / run-queue wait and sleeps by thread group ({@link SchedStats})
     * @param jitMicros CPU time of both nodes' JIT compiler threads per pair of writes: still high means
     *        the nodes are not warm yet (on 2 cores the compilers take the CPU from the hand-offs)
     */
    record Result(Kind local, Kind remote, String scheduler, double jitMicros) {
    }

    /**
     * The figures of one kind of write.
     *
     * @param callP50 the call's own duration on node A, median
     * @param callP99 its 99th percentile
     * @param callP999 its 99.9th percentile
     * @param callMax its maximum
     * @param arrivalP50 from just before the call until the client had the message, median
     * @param arrivalP99 its 99th percentile
     * @param arrivalP999 its 99.9th percentile
     * @param arrivalMax its maximum
     * @param writes writes that returned OK
     */
    record Kind(double callP50, double callP99, double callP999, double callMax, double arrivalP50,
                double arrivalP99, double arrivalP999, double arrivalMax, long writes) {
    }

    private final CrossNodeCluster cluster;
    private final ClientPool pool;
    private final Options options;
    private final Tally tally;
    private final String what;
    private final AtomicReference<Series> current = new AtomicReference<>();
    private final AtomicLong stray = new AtomicLong();
    private ClientPool.Opened<Receiver> onA;
    private ClientPool.Opened<Receiver> onB;
    private long nextSeq = 1;

    CrossNodeScenario(CrossNodeCluster cluster, ClientPool pool, Options options, Tally tally, String what) {
        this.cluster = cluster;
        this.pool = pool;
        this.options = options;
        this.tally = tally;
        this.what = what;
    }

    /**
     * Opens the sockets on both nodes and waits until node A lists them all (its own from its
     * registry, B's from Redis).
     *
     * @return whether every socket is open and listed
     * @throws InterruptedException if interrupted
     * @throws IOException if node A does not answer
     */
    boolean open() throws InterruptedException, IOException {
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds);
        int n = options.crossNodePages;
        String path = "/csp/user/Bench.CrossNode.cls";
        onA = pool.openAll(cluster.a().ws(path), n, i -> new Receiver(), options.connectConcurrency, timeout);
        onB = pool.openAll(cluster.b().ws(path), n, i -> new Receiver(), options.connectConcurrency, timeout);
        tally.connectFailures += onA.failures + onB.failures;
        if (onA.failures + onB.failures > 0) {
            tally.problem(what + ": " + (onA.failures + onB.failures) + " connections failed: "
                    + (onA.firstFailure != null ? onA.firstFailure : onB.firstFailure));
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> ids = Map.of();
        while (System.nanoTime() < deadline) {
            ids = ServerProcess.join(cluster.a().controlAsync("op=crossnode-ids"), Duration.ofSeconds(30));
            if (Integer.parseInt(ids.get("local")) == n && Integer.parseInt(ids.get("remote")) == n) {
                return true;
            }
            Thread.sleep(100);
        }
        tally.problem(what + ": node A did not list " + n + " sockets on each node within " + timeout + ": " + ids);
        return false;
    }

    /**
     * One series: {@code samples} writes of each kind.
     *
     * @param samples writes of each kind
     * @param counted whether it counts toward the tally (the warm-up does not)
     * @return the figures, or {@code null} if a write failed or a message did not arrive
     * @throws InterruptedException if interrupted
     */
    Result series(int samples, boolean counted) throws InterruptedException {
        Series series = new Series();
        long[] pids = {cluster.a().pid(), cluster.b().pid(), cluster.redisPid()};
        List<Map<String, SchedStats.Totals>> before = schedule(pids);
        current.set(series);
        long seq = nextSeq;
        // Bounded on both sides: node A stops writing at the deadline, which comes before the
        // control request's own HTTP timeout (120 s), so that no write outlives its series.
        long deadlineMillis = Math.min(options.timeoutSeconds * 1000L, SERIES_LIMIT.toMillis());
        Map<String, String> reply;
        try {
            reply = ServerProcess.join(cluster.a().controlAsync("op=crossnode&samples=" + samples + "&gapMicros="
                    + options.crossNodeGapMicros + "&size=" + options.messageSize + "&seq=" + seq + "&deadlineMillis="
                    + deadlineMillis), Duration.ofSeconds(options.timeoutSeconds + 30L));
        } catch (IOException e) {
            current.set(null);
            tally.problem(what + ": the series failed: " + e.getMessage());
            return null;
        }
        nextSeq = Long.parseLong(reply.get("nextSeq"));
        long localOk = Long.parseLong(reply.get("localOk"));
        long remoteOk = Long.parseLong(reply.get("remoteOk"));
        long failed = Long.parseLong(reply.get("localFailed")) + Long.parseLong(reply.get("remoteFailed"));
        long expected = localOk + remoteOk;
        long deadline = System.nanoTime() + ARRIVAL_LIMIT.toNanos();
        while (series.received() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        current.set(null);
        List<Map<String, SchedStats.Totals>> after = schedule(pids);
        long received = series.received();
        if (counted) {
            tally.messagesExpected += 2L * samples;
            tally.messagesReceived += received;
            tally.corrupt += series.corrupt.get();
        }
        if (failed > 0 || localOk + remoteOk < 2L * samples || received != expected || series.corrupt.get() > 0) {
            tally.problem(what + ": " + localOk + " same-node and " + remoteOk + " cross-node writes OK of " + samples
                    + " each, " + failed + " failed (" + reply.get("firstFailure") + "), " + received + " of "
                    + expected + " arrived, " + series.corrupt.get() + " corrupt, duplicate or clock-skewed");
            return null;
        }
        long pairs = Math.max(1, Math.min(localOk, remoteOk));
        Map<String, SchedStats.Totals> onA = SchedStats.delta(before.get(0), after.get(0));
        Map<String, SchedStats.Totals> onB = SchedStats.delta(before.get(1), after.get(1));
        Map<String, SchedStats.Totals> onRedis = SchedStats.delta(before.get(2), after.get(2));
        long waited = 0;
        for (Map<String, SchedStats.Totals> process : List.of(onA, onB, onRedis)) {
            for (SchedStats.Totals totals : process.values()) {
                waited += totals.waitNanos();
            }
        }
        // The sum first: across runs, the cross-node p99 follows it (the hand-offs wait for a CPU).
        String scheduler = String.format(java.util.Locale.ROOT, "run-queue wait of all threads %.0f us; ",
                waited / 1e3 / pairs)
                + SchedStats.describe("A", onA, pairs) + "; " + SchedStats.describe("B", onB, pairs) + "; "
                + SchedStats.describe("Redis", onRedis, pairs);
        double jit = (onA.get("jit").runNanos() + onB.get("jit").runNanos()) / 1e3 / pairs;
        return new Result(kind(reply, "local", series.local), kind(reply, "remote", series.remote), scheduler, jit);
    }

    private static List<Map<String, SchedStats.Totals>> schedule(long[] pids) {
        return List.of(SchedStats.snapshot(pids[0], null), SchedStats.snapshot(pids[1], null),
                SchedStats.snapshot(pids[2], "all"));
    }

    private static Kind kind(Map<String, String> reply, String name, Recorder arrivals) {
        Histogram h = arrivals.getIntervalHistogram();
        return new Kind(Double.parseDouble(reply.get(name + "P50")), Double.parseDouble(reply.get(name + "P99")),
                Double.parseDouble(reply.get(name + "P999")), Double.parseDouble(reply.get(name + "Max")),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, h.getTotalCount());
    }

    /** Closes every socket (1000) and counts those the server had closed unasked. */
    @Override
    public void close() throws InterruptedException {
        for (ClientPool.Opened<Receiver> opened : new ClientPool.Opened[] {onA, onB}) {
            if (opened == null) {
                continue;
            }
            ClientPool.closeAll(opened.sockets, opened.listeners, Duration.ofSeconds(30));
            long unasked = opened.listeners.stream().filter(r -> r.unexpectedClose).count();
            tally.unexpectedCloses += unasked;
            if (unasked > 0) {
                tally.problem(what + ": " + unasked + " sockets closed by the server unasked");
            }
        }
        if (stray.get() > 0) {
            tally.corrupt += stray.get();
            tally.problem(what + ": " + stray.get() + " messages arrived outside a series");
        }
    }

    /** The arrivals of one series, recorded by every receiver. */
    private static final class Series {
        final Recorder local = new Recorder(3);
        final Recorder remote = new Recorder(3);
        final Set<Long> seen = ConcurrentHashMap.newKeySet();
        final AtomicLong corrupt = new AtomicLong();

        long received() {
            return seen.size();
        }

        /** Parses {@code c:<L|R>:<seq>:<nanoTime>:...} and records its latency. */
        void arrived(String message, long now) {
            String[] parts = message.split(":", 5);
            if (parts.length < 5 || !parts[0].equals("c") || !(parts[1].equals("L") || parts[1].equals("R"))) {
                corrupt.incrementAndGet();
                return;
            }
            long seq;
            long sentAt;
            try {
                seq = Long.parseLong(parts[2]);
                sentAt = Long.parseLong(parts[3]);
            } catch (NumberFormatException e) {
                corrupt.incrementAndGet();
                return;
            }
            long latency = now - sentAt;
            if (!seen.add(seq) || latency < 0) {
                // A duplicate, or clocks that are not one (the nodes and the client must share CLOCK_MONOTONIC).
                corrupt.incrementAndGet();
                return;
            }
            (parts[1].equals("R") ? remote : local).recordValue(Math.max(1, latency));
        }
    }

    /** A socket's listener: hands each message to the series in progress. */
    private final class Receiver extends ClientPool.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        void onMessage(WebSocket socket, String message, long now) {
            Series series = current.get();
            if (series == null) {
                stray.incrementAndGet();
            } else {
                series.arrived(message, now);
            }
        }
    }
}
