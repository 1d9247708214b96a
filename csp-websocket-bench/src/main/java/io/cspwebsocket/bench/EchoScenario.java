package io.cspwebsocket.bench;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Echo: {@code n} connections, each a closed loop of round trips (send, wait for the echo, send
 * the next). Fresh connections per run; a warm-up of a few round trips each before the measured
 * ones. Throughput counts round trips per second over the measured phase; latency is from the
 * client's send to the whole echo, in microseconds.
 */
final class EchoScenario {

    /**
     * The figures of one measured run.
     *
     * @param serverCpuMicros the server process's CPU time per round trip over the measured phase
     *        (NaN if unknown): unlike throughput, it hardly moves with other load on the machine
     * @param cpuMicrosByGroup the same, split by thread group ({@link ThreadCpu#GROUPS}); empty if unknown
     */
    record Result(double throughput, double p50Micros, double p99Micros, double p999Micros, double maxMicros,
                  long roundTrips, double seconds, double serverCpuMicros, Map<String, Double> cpuMicrosByGroup) {
    }

    /** A phase in which no echo arrives for this long is given up. */
    static final Duration STALL = Duration.ofSeconds(30);

    private final ClientPool pool;
    private final Options options;
    private final Supplier<Map<String, Long>> serverCpuNanos;

    /**
     * @param pool the load client
     * @param options the scale
     * @param serverCpuNanos the server process's CPU time so far, {@code cpuNanos} and by group
     *        ({@link ServerProcess#cpuSample()}); empty if unknown
     */
    EchoScenario(ClientPool pool, Options options, Supplier<Map<String, Long>> serverCpuNanos) {
        this.pool = pool;
        this.options = options;
        this.serverCpuNanos = serverCpuNanos;
    }

    /**
     * One run against one endpoint.
     *
     * @param uri the echo endpoint or page
     * @param roundTrips measured round trips per connection
     * @param tally where messages and problems are counted
     * @param what scenario, server and variant, for problem reports
     * @return the figures, or {@code null} if the run could not be measured
     * @throws InterruptedException if interrupted
     */
    Result run(URI uri, int roundTrips, Tally tally, String what) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds);
        ClientPool.Opened<EchoConnection> opened = pool.openAll(uri, options.echoConnections,
                i -> new EchoConnection(i, options.messageSize), options.connectConcurrency, timeout);
        tally.connectFailures += opened.failures;
        if (opened.failures > 0) {
            tally.problem(what + ": " + opened.failures + " connections failed: " + opened.firstFailure);
        }
        try {
            if (opened.listeners.isEmpty()) {
                return null;
            }
            if (options.echoWarmup > 0) {
                phase(opened.listeners, options.echoWarmup, null, timeout, tally, what + " warm-up");
            }
            Recorder recorder = new Recorder(3);
            Map<String, Long> cpuBefore = serverCpuNanos.get();
            long nanos = phase(opened.listeners, roundTrips, recorder, timeout, tally, what);
            Map<String, Long> cpuAfter = serverCpuNanos.get();
            Histogram histogram = recorder.getIntervalHistogram();
            long count = histogram.getTotalCount();
            Map<String, Double> perRoundTrip = new LinkedHashMap<>();
            cpuAfter.forEach((key, after) -> {
                Long before = cpuBefore.get(key);
                if (before != null && before >= 0 && after >= 0 && count > 0) {
                    perRoundTrip.put(key, (after - before) / 1000.0 / count);
                }
            });
            double cpuMicros = perRoundTrip.getOrDefault("cpuNanos", Double.NaN);
            Map<String, Double> byGroup = new LinkedHashMap<>();
            perRoundTrip.forEach((key, micros) -> {
                if (key.startsWith("cpuNanos.")) {
                    byGroup.put(key.substring("cpuNanos.".length()), micros);
                }
            });
            return new Result(count / (nanos / 1e9),
                    histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0,
                    count, nanos / 1e9, cpuMicros, byGroup);
        } finally {
            ClientPool.closeAll(opened.sockets, opened.listeners, Duration.ofSeconds(30));
            long unasked = opened.listeners.stream().filter(c -> c.unexpectedClose).count();
            tally.unexpectedCloses += unasked;
            if (unasked > 0) {
                tally.problem(what + ": " + unasked + " sockets closed by the server unasked");
            }
        }
    }

    /** @return the nanoseconds from the start until the last connection finished (or the timeout) */
    private static long phase(List<EchoConnection> connections, int roundTrips, Recorder recorder, Duration timeout,
                              Tally tally, String what) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(connections.size());
        AtomicLong lastFinish = new AtomicLong();
        long start = System.nanoTime();
        for (EchoConnection connection : connections) {
            connection.begin(roundTrips, recorder, finished, lastFinish);
        }
        long deadline = start + timeout.toNanos();
        long lastProgress = System.nanoTime();
        long seen = -1;
        boolean all = false;
        // Wait for every connection; give up at the timeout, or when nothing arrived for STALL.
        while (!all && System.nanoTime() < deadline && System.nanoTime() - lastProgress < STALL.toNanos()) {
            all = finished.await(200, TimeUnit.MILLISECONDS);
            long now = 0;
            for (EchoConnection connection : connections) {
                now += connection.received;
            }
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            }
        }
        long end = all ? lastFinish.get() : System.nanoTime();
        long received = 0;
        long corrupt = 0;
        for (EchoConnection connection : connections) {
            connection.stop();
            received += connection.received;
            corrupt += connection.corrupt;
        }
        long expected = (long) roundTrips * connections.size();
        tally.messagesExpected += expected;
        tally.messagesReceived += received;
        tally.corrupt += corrupt;
        if (received != expected || corrupt > 0) {
            tally.problem(what + ": " + received + " of " + expected + " echoes received (timeout " + timeout
                    + ", stall limit " + STALL + "), " + corrupt + " corrupt");
        }
        return Math.max(1, end - start);
    }

    /** One echo connection's closed loop. Listener calls are sequential per socket. */
    static final class EchoConnection extends ClientPool.Listener {
        private final int index;
        private final String padding;
        private volatile WebSocket socket;
        private volatile int target;
        private volatile Recorder recorder;
        private volatile CountDownLatch finished;
        private volatile AtomicLong lastFinish;
        private volatile boolean stopped;
        private volatile long sentAt;
        private volatile String lastSent;
        private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
        private int seq;
        volatile long received;
        volatile long corrupt;

        EchoConnection(int index, int size) {
            this.index = index;
            this.padding = "x".repeat(size);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        void begin(int roundTrips, Recorder phaseRecorder, CountDownLatch phaseFinished, AtomicLong phaseLastFinish) {
            target = roundTrips;
            recorder = phaseRecorder;
            finished = phaseFinished;
            lastFinish = phaseLastFinish;
            received = 0;
            corrupt = 0;
            stopped = false;
            synchronized (this) {
                sendNext();
            }
        }

        void stop() {
            stopped = true;
        }

        /** Sends the next message once the previous send has completed (the JDK allows one at a time). */
        private void sendNext() {
            String header = "e:" + index + ":" + (seq++) + ":";
            String message = header + padding.substring(Math.min(padding.length(), header.length()));
            lastSend = lastSend.thenCompose(ignored -> {
                lastSent = message;
                sentAt = System.nanoTime();
                return socket.sendText(message, true);
            });
        }

        @Override
        void onMessage(WebSocket webSocket, String message, long now) {
            if (stopped) {
                return;
            }
            long latency = now - sentAt;
            if (!message.equals(lastSent)) {
                corrupt++;
            }
            Recorder phaseRecorder = recorder;
            if (phaseRecorder != null) {
                phaseRecorder.recordValue(Math.max(1, latency));
            }
            long done = ++received;
            if (done < target) {
                synchronized (this) {
                    sendNext();
                }
            } else {
                lastFinish.accumulateAndGet(now, Math::max);
                finished.countDown();
            }
        }
    }
}
