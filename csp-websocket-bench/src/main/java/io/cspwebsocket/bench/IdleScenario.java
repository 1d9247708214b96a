package io.cspwebsocket.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/**
 * Idle capacity: open {@code n} sockets that then do nothing (raw: an endpoint that only
 * accepts; CSP: synchronous pages each blocked in {@code read}), and measure the server's heap
 * after a full GC against the figure just before, its threads, and the time to open all.
 */
final class IdleScenario {

    /** One run's figures. */
    record Result(double heapPerConnectionKb, double rssPerConnectionKb, long threadsOpen, long threadsBefore,
                  double openSeconds, double readySeconds) {
    }

    private final ServerProcess server;
    private final ClientPool pool;
    private final Options options;

    IdleScenario(ServerProcess server, ClientPool pool, Options options) {
        this.server = server;
        this.pool = pool;
        this.options = options;
    }

    /**
     * One run.
     *
     * @param path the endpoint or page
     * @param countKey the server statistic that counts these sockets ({@code rawOpen}, {@code cspReading})
     * @param n how many sockets
     * @param tally where connections and problems are counted
     * @param what scenario, server and variant, for problem reports
     * @return the figures, or {@code null} if not all sockets opened
     * @throws InterruptedException if interrupted
     * @throws IOException if the server does not answer
     */
    Result run(String path, String countKey, int n, Tally tally, String what) throws InterruptedException, IOException {
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds);
        URI uri = server.ws(path);
        if (!awaitCount(server, countKey, 0, timeout)) {
            tally.problem(what + ": sockets of an earlier run still open on the server");
        }
        Map<String, Long> before = server.stats(true);
        writeHistogram(what + " before");
        long start = System.nanoTime();
        ClientPool.Opened<Quiet> opened = pool.openAll(uri, n, i -> new Quiet(), options.connectConcurrency, timeout);
        try {
            tally.connectFailures += opened.failures;
            if (opened.failures > 0) {
                tally.problem(what + ": " + opened.failures + " of " + n + " connections failed: " + opened.firstFailure);
                return null;
            }
            boolean ready = awaitCount(server, countKey, n, timeout);
            long readyNanos = System.nanoTime() - start;
            if (!ready) {
                tally.problem(what + ": the server did not report " + n + " open sockets within " + timeout);
                return null;
            }
            Map<String, Long> open = server.stats(true);
            // After the figures, so that the histogram's own full GC cannot change them.
            writeHistogram(what + " open");
            return new Result((open.get("heapUsed") - before.get("heapUsed")) / 1024.0 / n,
                    (open.get("rssKb") - before.get("rssKb")) / (double) n,
                    open.get("threads"), before.get("threads"), opened.nanos / 1e9, readyNanos / 1e9);
        } finally {
            ClientPool.closeAll(opened.sockets, opened.listeners, Duration.ofSeconds(60));
            long unasked = opened.listeners.stream().filter(l -> l.unexpectedClose).count();
            tally.unexpectedCloses += unasked;
            if (unasked > 0) {
                tally.problem(what + ": " + unasked + " idle sockets closed by the server unasked");
            }
            if (!awaitCount(server, countKey, 0, timeout)) {
                tally.problem(what + ": the server still reports open sockets " + timeout + " after the close");
            }
        }
    }

    /**
     * With {@code --histo DIR}: writes the server's class histogram to DIR, named after
     * {@code what}; a pair "before" and "open" shows which objects the open sockets keep. With
     * the sockets open, a thread dump (JSON) too: where the pages' threads wait.
     *
     * @param what scenario, server, variant and moment
     * @throws IOException if the server does not answer or the file cannot be written
     */
    private void writeHistogram(String what) throws IOException {
        if (options.histoDir != null) {
            Files.createDirectories(options.histoDir);
            String name = what.replaceAll("[^A-Za-z0-9.-]+", "-");
            Files.writeString(options.histoDir.resolve(name + ".txt"), server.classHistogram());
            if (what.endsWith(" open")) {
                server.threadDump(options.histoDir.resolve(name + "-threads.json"));
            }
        }
    }

    /**
     * Polls the server until a counter has a value.
     *
     * @param server the server
     * @param key the statistic
     * @param expected the value
     * @param timeout how long to poll
     * @return whether it got there in time
     * @throws InterruptedException if interrupted
     * @throws IOException if the server does not answer
     */
    static boolean awaitCount(ServerProcess server, String key, long expected, Duration timeout)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Long value = server.stats(false).get(key);
            if (value != null && value == expected) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }

    /** An idle socket's listener: nothing is expected to arrive (pings are answered by the JDK). */
    static final class Quiet extends ClientPool.Listener {
        volatile long unexpectedMessages;

        @Override
        void onMessage(WebSocket socket, String message, long now) {
            unexpectedMessages++;
        }
    }
}
