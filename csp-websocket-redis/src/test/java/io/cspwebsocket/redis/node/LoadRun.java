package io.cspwebsocket.redis.node;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A broadcast and write load that a fault test runs on a node while it breaks something: each call
 * is timed and its status counted, so the test can check that every call returned within the send
 * timeout with a status README documents. Numbered messages let the clients check that nothing
 * arrived twice.
 */
final class LoadRun {

    /** A pause between rounds, so that two nodes' loads leave the 2-core CI machine some room. */
    private static final long PAUSE_MILLIS = 5;

    private final Map<String, Integer> statuses = new TreeMap<>();
    private long calls;
    private long slowestMillis;
    private String slowestCall = "";
    private long retries;
    /** The writes that returned OK: README promises each one reached its socket. */
    private final List<String> acknowledged = new ArrayList<>();

    private LoadRun() {
    }

    /**
     * @param tag names the messages of this run
     * @param millis how long to run
     * @param targets comma-separated ids to write to (empty: broadcasts only)
     * @return {@code calls=<n> retries=<n> max=<ms> slowest=<call> statuses=<code:message-start=count;…>}, then
     *         each write that returned OK on a line of its own
     */
    static String run(String tag, long millis, String targets) {
        LoadRun load = new LoadRun();
        List<CspWebSocketHandle> handles = new ArrayList<>();
        if (targets != null && !targets.isEmpty()) {
            for (String id : targets.split(",")) {
                handles.add(CspWebSocket.openServer(id));
            }
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (int i = 0; System.nanoTime() < end; i++) {
            String round = tag + "|" + i;
            load.timed("broadcast", () -> {
                int count = CspWebSocket.broadcast(ClusterTestPage.class, "b|" + round);
                return count >= 0 ? CspStatus.OK : CspStatus.error("negative count " + count);
            });
            for (CspWebSocketHandle handle : handles) {
                String message = "w|" + round + "|" + handle.getWebSocketId();
                CspStatus status = load.timed("write", () -> handle.write(message));
                if (notDelivered(status)) {
                    load.retries++;
                    status = load.timed("write again", () -> handle.write(message));
                }
                if (status.isOk()) {
                    load.acknowledged.add(message);
                }
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return load.summary();
    }

    /** README: these 5001s mean the request was not delivered, so a retry cannot double it. */
    static boolean notDelivered(CspStatus status) {
        String message = status.message();
        return status.code() == 5001 && message != null
                && (message.contains("is not connected") || message.startsWith("Redis is unreachable"));
    }

    private CspStatus timed(String what, java.util.function.Supplier<CspStatus> call) {
        long start = System.nanoTime();
        CspStatus status = call.get();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        calls++;
        if (took > slowestMillis) {
            slowestMillis = took;
            slowestCall = what + " -> " + status.code();
        }
        String message = status.message() == null ? "" : status.message();
        String kind = status.code() + ":" + message.substring(0, Math.min(24, message.length())).replace(';', ',')
                .replace('=', ':');
        statuses.merge(status.isOk() ? "0" : kind, 1, Integer::sum);
        return status;
    }

    private String summary() {
        StringBuilder out = new StringBuilder();
        statuses.forEach((kind, count) -> out.append(out.length() == 0 ? "" : ";").append(kind).append('=').append(count));
        return "calls=" + calls + " retries=" + retries + " max=" + slowestMillis + " slowest=" + slowestCall.replace(' ', '_')
                + " statuses=" + out + "\n" + String.join("\n", acknowledged);
    }
}
