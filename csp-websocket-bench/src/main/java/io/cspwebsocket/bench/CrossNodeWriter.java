package io.cspwebsocket.bench;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Node A's side of the cross-node scenario, called by {@link ControlServlet}: times
 * {@code CspWebSocket.openServer(id).write(message)} to {@link CrossNodePage} sockets on this node
 * ("local") and on the other node ("remote", through the Redis binding), one write at a time, the
 * two kinds interleaved so that drift (JIT, GC, other load) hits both alike.
 *
 * <p>Each message carries its kind, a sequence number and {@link System#nanoTime()} taken just
 * before the call: {@code c:<L|R>:<seq>:<nanoTime>:} padded with dots. The load client, on the same
 * machine, subtracts that from its own {@code nanoTime} at arrival. On Linux every JVM reads
 * {@code CLOCK_MONOTONIC} there, so the two clocks are one.
 */
final class CrossNodeWriter {

    /** Set by {@link BenchServer} from {@code --node-id}: ids issued here start with it and {@code ~}. */
    static volatile String nodeId;

    private CrossNodeWriter() {
    }

    /**
     * @return {@code local} and {@code remote}: how many {@link CrossNodePage} ids {@code openIds}
     *         lists on this node and on others
     */
    static Map<String, Object> ids() {
        List<String> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        split(local, remote);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", nodeId);
        out.put("local", local.size());
        out.put("remote", remote.size());
        return out;
    }

    /**
     * One measured (or warm-up) series.
     *
     * @param samples writes of each kind
     * @param gapMicros pause after each write, so that each write starts from a quiet system
     *        rather than in the wake of the previous one
     * @param size characters per message
     * @param firstSeq the first sequence number (unique over the scenario, so that the client
     *        can tell a duplicate)
     * @param deadlineMillis the series stops after this long in any case
     * @return counts of OK and failed writes per kind, the call time percentiles in microseconds
     *         ({@code localP50}, {@code remoteP99}...), and the first failure
     */
    static Map<String, Object> run(int samples, long gapMicros, int size, long firstSeq, long deadlineMillis) {
        List<String> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        split(local, remote);
        Map<String, Object> out = new LinkedHashMap<>();
        if (local.isEmpty() || remote.isEmpty()) {
            throw new IllegalStateException("need sockets on both nodes; local " + local.size() + ", remote "
                    + remote.size());
        }
        Histogram localCalls = new Histogram(60_000_000_000L, 3);
        Histogram remoteCalls = new Histogram(60_000_000_000L, 3);
        int[] ok = new int[2];
        int[] failed = new int[2];
        String firstFailure = "";
        long deadline = System.nanoTime() + deadlineMillis * 1_000_000L;
        long seq = firstSeq;
        StringBuilder message = new StringBuilder(Math.max(size, 48));
        for (int i = 0; i < samples && System.nanoTime() < deadline; i++) {
            for (int k = 0; k < 2; k++) {
                // Alternate which kind goes first, so that neither always follows the other.
                boolean isRemote = (i + k) % 2 == 1;
                List<String> ids = isRemote ? remote : local;
                String id = ids.get(i % ids.size());
                CspWebSocketHandle handle = CspWebSocket.openServer(id);
                long start = System.nanoTime();
                message.setLength(0);
                message.append("c:").append(isRemote ? 'R' : 'L').append(':').append(seq++).append(':').append(start)
                        .append(':');
                while (message.length() < size) {
                    message.append('.');
                }
                CspStatus status = handle.write(message.toString());
                long took = System.nanoTime() - start;
                int kind = isRemote ? 1 : 0;
                if (status.isOk()) {
                    ok[kind]++;
                    (isRemote ? remoteCalls : localCalls).recordValue(Math.max(1, took));
                } else {
                    failed[kind]++;
                    if (firstFailure.isEmpty()) {
                        firstFailure = (isRemote ? "remote " : "local ") + id + ": " + status.code() + " "
                                + status.message();
                    }
                }
                if (gapMicros > 0) {
                    LockSupport.parkNanos(gapMicros * 1000);
                }
            }
        }
        out.put("localOk", ok[0]);
        out.put("remoteOk", ok[1]);
        out.put("localFailed", failed[0]);
        out.put("remoteFailed", failed[1]);
        out.put("nextSeq", seq);
        put(out, "local", localCalls);
        put(out, "remote", remoteCalls);
        out.put("firstFailure", firstFailure.replace('\n', ' '));
        return out;
    }

    private static void put(Map<String, Object> out, String kind, Histogram calls) {
        boolean any = calls.getTotalCount() > 0;
        out.put(kind + "P50", any ? calls.getValueAtPercentile(50) / 1000.0 : Double.NaN);
        out.put(kind + "P99", any ? calls.getValueAtPercentile(99) / 1000.0 : Double.NaN);
        out.put(kind + "P999", any ? calls.getValueAtPercentile(99.9) / 1000.0 : Double.NaN);
        out.put(kind + "Max", any ? calls.getMaxValue() / 1000.0 : Double.NaN);
    }

    /** Splits the cluster-wide ids of {@link CrossNodePage} into this node's and the others'. */
    private static void split(List<String> local, List<String> remote) {
        String prefix = nodeId + "~";
        for (String id : CspWebSocket.openIds(CrossNodePage.class)) {
            (id.startsWith(prefix) ? local : remote).add(id);
        }
        // openIds is a set: sort, so that a series visits the sockets in a fixed order.
        local.sort(null);
        remote.sort(null);
    }
}
