package io.cspwebsocket.redis;

import io.cspwebsocket.CspStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The requests with an effect (writes, endServer) this node has served recently, by the caller's
 * reply channel and request id, with their outcome. A request that comes again (the caller sent it
 * again because its answer may have been lost while its subscription was down) is answered with
 * the first outcome, or with the first execution's when it ends; it is never executed twice.
 *
 * <p>Remembered for {@code window} (longer than any caller waits) and at most {@code capacity}
 * requests, oldest forgotten first. Thread-safe; nothing blocks.
 */
final class RequestMemory {

    private record Remembered(String key, long expiresNanos) {
    }

    private final Map<String, CompletableFuture<CspStatus>> outcomes = new ConcurrentHashMap<>();
    private final Queue<Remembered> order = new ConcurrentLinkedQueue<>();
    private final long windowNanos;
    private final int capacity;
    private final LongSupplier clock;

    /**
     * @param window how long a request is remembered
     * @param capacity how many requests at most
     * @param clock {@link System#nanoTime()}, or a test's
     */
    RequestMemory(Duration window, int capacity, LongSupplier clock) {
        this.windowNanos = window.toNanos();
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * Runs a request once.
     *
     * @param replyTo the caller's reply channel (unique per caller incarnation)
     * @param id the caller's request id
     * @param execute runs the request; called only the first time
     * @return its outcome; for a request seen before, the first one's
     */
    CompletionStage<CspStatus> once(String replyTo, long id, Supplier<? extends CompletionStage<CspStatus>> execute) {
        String key = replyTo + ' ' + id;
        CompletableFuture<CspStatus> mine = new CompletableFuture<>();
        CompletableFuture<CspStatus> earlier = outcomes.putIfAbsent(key, mine);
        if (earlier != null) {
            return earlier;
        }
        long now = clock.getAsLong();
        order.add(new Remembered(key, now + windowNanos));
        forget(now);
        try {
            execute.get().whenComplete((status, failure) -> {
                if (failure != null) {
                    mine.completeExceptionally(failure);
                } else {
                    mine.complete(status);
                }
            });
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /** @return how many requests are remembered */
    int size() {
        return outcomes.size();
    }

    private void forget(long now) {
        for (Remembered oldest = order.peek(); oldest != null; oldest = order.peek()) {
            if (oldest.expiresNanos() - now > 0 && outcomes.size() <= capacity) {
                return;
            }
            Remembered forgotten = order.poll();
            if (forgotten != null) {
                outcomes.remove(forgotten.key());
            }
        }
    }
}
