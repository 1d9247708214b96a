package io.cspwebsocket.redis.node;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long this node's Redis traffic waits while something else runs (BroadcastScaleIT):
 * a thread that, over and over, asks another node for the status of one of its sockets (the
 * answer comes back on this node's subscription connection, the one that also brings broadcasts)
 * and now and then calls {@code openIds} (answered on its command connection), pausing 1 ms
 * between calls.
 * Each call is recorded as {@code <kind> <start nanoTime> <micros>}: all processes of the test
 * run on one Linux machine, whose {@code nanoTime} is one clock for every JVM, so the test can
 * match the calls against a broadcast's window.
 */
final class RedisProbe {

    private static final long PAUSE_MILLIS = 1;
    /**
     * One {@code openIds} per this many status calls: with 20,000 sockets an {@code openIds} builds a
     * set of 20,000 ids, and one every millisecond took most of a node's CPU (JFR), starving what
     * the probe measures.
     */
    private static final int OPEN_IDS_EVERY = 20;
    /** {@link #start} returns after this many {@code openIds} calls: the test's baseline before what it measures. */
    private static final int BASELINE_CALLS = 5;
    private long calls; // only the probe's thread
    private static RedisProbe running;

    private final String remoteId;
    private final List<String> samples = new ArrayList<>(); // guarded by this
    private final CountDownLatch baseline = new CountDownLatch(BASELINE_CALLS);
    private volatile boolean stop;
    private final Thread thread;

    private RedisProbe(String remoteId) {
        this.remoteId = remoteId;
        this.thread = new Thread(this::run, "redis-probe");
        thread.setDaemon(true);
    }

    /** Starts the probe; returns once it has made {@link #BASELINE_CALLS} {@code openIds} calls (and more status calls). */
    static synchronized String start(String remoteId) throws InterruptedException {
        if (running != null) {
            return "already running";
        }
        running = new RedisProbe(remoteId);
        running.thread.start();
        return running.baseline.await(30, TimeUnit.SECONDS) ? "started" : "no baseline within 30 s";
    }

    /** Stops the probe and answers its samples, one a line. */
    static synchronized String stop() throws InterruptedException {
        RedisProbe probe = running;
        running = null;
        if (probe == null) {
            return "";
        }
        probe.stop = true;
        probe.thread.join(30_000);
        synchronized (probe) {
            return String.join("\n", probe.samples);
        }
    }

    private void run() {
        var handle = CspWebSocket.openServer(remoteId);
        while (!stop) {
            long start = System.nanoTime();
            CspStatus status = handle.status();
            record("status" + (status.isOk() ? "" : "-" + status.code()), start);
            if (calls++ % OPEN_IDS_EVERY == 0) {
                start = System.nanoTime();
                int ids = CspWebSocket.openIds(ClusterTestPage.class).size();
                record("openIds" + (ids > 0 ? "" : "-empty"), start);
                baseline.countDown();
            }
            try {
                Thread.sleep(PAUSE_MILLIS); // paces the probe; not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void record(String kind, long start) {
        samples.add(kind + " " + start + " " + (System.nanoTime() - start) / 1000);
    }
}
