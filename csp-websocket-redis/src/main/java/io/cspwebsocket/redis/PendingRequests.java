package io.cspwebsocket.redis;

import io.cspwebsocket.CspStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests this node has sent and not yet seen answered. Each one ends exactly once: with the
 * owner's answer, with a failure known at once (no receiver, Redis unreachable), with its timeout
 * (5001, or the partial count of a broadcast), or when the binding closes; then it leaves the map.
 *
 * <p>Futures are completed on the {@code completions} executor, never on the thread that delivers
 * the answer (a Lettuce event loop), because callers may chain blocking code onto
 * {@code writeAsync}. The one exception is a call made for a thread that only waits for it (a
 * blocking {@code write}, {@link #awaitedCall}): nothing can be chained onto its future, so it is
 * completed where the answer arrives, which saves the waiting thread one hand-off per call.
 */
final class PendingRequests {

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final Executor completions;

    PendingRequests(ScheduledExecutorService timer, Executor completions) {
        this.timer = timer;
        this.completions = completions;
    }

    /** @return a request id unique within this incarnation (its reply channel is its own) */
    long newId() {
        return nextId.incrementAndGet();
    }

    /**
     * Waits for one node's status.
     *
     * @param id the request id
     * @param node the node asked
     * @param request the encoded request, kept to be sent again ({@link #resendAll})
     * @param timeout how long to wait before answering 5001
     * @return completes with the answer
     */
    CompletableFuture<CspStatus> call(long id, String node, byte[] request, Duration timeout) {
        return call(new Call(id, node, request, false), timeout);
    }

    /**
     * As {@link #call}, for a caller that only waits for the answer and chains nothing onto it
     * ({@code CspCluster.writeAndWait}): the future completes on the thread that brings the answer.
     *
     * @param id the request id
     * @param node the node asked
     * @param request the encoded request, kept to be sent again ({@link #resendAll})
     * @param timeout how long to wait before answering 5001
     * @return completes with the answer
     */
    CompletableFuture<CspStatus> awaitedCall(long id, String node, byte[] request, Duration timeout) {
        return call(new Call(id, node, request, true), timeout);
    }

    private CompletableFuture<CspStatus> call(Call call, Duration timeout) {
        long id = call.id;
        String node = call.node;
        pending.put(id, call);
        call.armTimeout(schedule(id, timeout, () -> call.settle(
                CspStatus.error("no answer from node " + node + " within " + timeout.toMillis() + " ms"))));
        return call.future;
    }

    /**
     * Waits for the counts of every node that received a broadcast.
     *
     * @param id the request id
     * @param timeout how long to wait; nodes that have not answered by then count 0
     * @return completes with the sum of the counts
     */
    CompletableFuture<Integer> broadcast(long id, Duration timeout) {
        Broadcast broadcast = new Broadcast(id);
        pending.put(id, broadcast);
        broadcast.armTimeout(schedule(id, timeout, broadcast::settleNow));
        return broadcast.future;
    }

    /** @param reply an answer from another node; ignored if its request has already ended */
    void answered(Wire.Reply reply) {
        Pending request = pending.get(reply.id());
        if (request != null) {
            request.answer(reply);
        }
    }

    /**
     * PUBLISH said how many subscribers got a broadcast, this node included if it is subscribed.
     *
     * @param id the request id
     * @param receivers how many
     */
    void receivers(long id, long receivers) {
        if (pending.get(id) instanceof Broadcast broadcast) {
            broadcast.expect(receivers);
        }
    }

    /** @param id a broadcast this node received back from Redis: it counts as an answer of 0 */
    void selfDelivered(long id) {
        if (pending.get(id) instanceof Broadcast broadcast) {
            broadcast.add(0);
        }
    }

    /**
     * Ends a request at once: a call with {@code status}, a broadcast with what it has counted.
     *
     * @param id the request id
     * @param status the call's status
     */
    void fail(long id, CspStatus status) {
        Pending request = pending.get(id);
        if (request instanceof Call call) {
            call.settle(status);
        } else if (request instanceof Broadcast broadcast) {
            broadcast.settleNow();
        }
    }

    /**
     * Sends every call still waiting again, with its own id: its answer may have been published
     * while this node's subscription was down. The owner answers a request it has already served
     * from memory ({@link RequestMemory}), so nothing runs twice.
     *
     * @param send sends (node, request)
     * @return how many were sent again
     */
    int resendAll(java.util.function.BiConsumer<String, byte[]> send) {
        int count = 0;
        for (Pending request : List.copyOf(pending.values())) {
            if (request instanceof Call call) {
                send.accept(call.node, call.request);
                count++;
            }
        }
        return count;
    }

    /** @param status the status every open call ends with (the binding is closing) */
    void failAll(CspStatus status) {
        for (Long id : List.copyOf(pending.keySet())) {
            fail(id, status);
        }
    }

    /** @return how many requests wait for an answer */
    int size() {
        return pending.size();
    }

    private ScheduledFuture<?> schedule(long id, Duration timeout, Runnable onTimeout) {
        try {
            return timer.schedule(onTimeout, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.remove(id);
            throw new IllegalStateException("the Redis cluster binding is closed", e);
        }
    }

    private <T> void complete(CompletableFuture<T> future, T value) {
        try {
            completions.execute(() -> future.complete(value));
        } catch (RejectedExecutionException e) {
            future.complete(value); // closing: nobody's continuation can hold up our threads any more
        }
    }

    static CspStatus status(int code, String message) {
        return switch (code) {
            case 0 -> CspStatus.OK;
            case CspStatus.CLOSED_CODE -> CspStatus.CLOSED;
            case CspStatus.TIMEOUT_CODE -> CspStatus.TIMEOUT;
            default -> CspStatus.error(code, message.isEmpty() ? "error " + code : message);
        };
    }

    private abstract class Pending {
        final long id;
        private volatile ScheduledFuture<?> timeout;

        Pending(long id) {
            this.id = id;
        }

        abstract void answer(Wire.Reply reply);

        /** The timer is set after the request is listed: an answer may already have ended it. */
        void armTimeout(ScheduledFuture<?> scheduled) {
            timeout = scheduled;
            if (pending.get(id) != this) {
                scheduled.cancel(false);
            }
        }

        /** @return whether this call ended the request (only the first one does) */
        boolean end() {
            if (!pending.remove(id, this)) {
                return false;
            }
            ScheduledFuture<?> scheduled = timeout;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            return true;
        }
    }

    private final class Call extends Pending {
        final CompletableFuture<CspStatus> future = new CompletableFuture<>();
        final String node;
        final byte[] request;

        /** Completed where the answer arrives: only a waiting thread depends on it. */
        final boolean awaited;

        Call(long id, String node, byte[] request, boolean awaited) {
            super(id);
            this.node = node;
            this.request = request;
            this.awaited = awaited;
        }

        @Override
        void answer(Wire.Reply reply) {
            settle(status(reply.code(), reply.message()));
        }

        void settle(CspStatus status) {
            if (end()) {
                if (awaited) {
                    future.complete(status);
                } else {
                    complete(future, status);
                }
            }
        }
    }

    private final class Broadcast extends Pending {
        final CompletableFuture<Integer> future = new CompletableFuture<>();
        private long expected = -1; // guarded by this
        private long answers; // guarded by this
        private int sum; // guarded by this

        Broadcast(long id) {
            super(id);
        }

        void expect(long receivers) {
            boolean done;
            synchronized (this) {
                expected = receivers;
                done = answers >= expected;
            }
            if (done) {
                settleNow();
            }
        }

        void add(int count) {
            boolean done;
            synchronized (this) {
                answers++;
                sum += count;
                done = expected >= 0 && answers >= expected;
            }
            if (done) {
                settleNow();
            }
        }

        @Override
        void answer(Wire.Reply reply) {
            int count = 0;
            if (reply.code() == 0) {
                try {
                    count = Integer.parseInt(reply.message());
                } catch (NumberFormatException e) {
                    count = 0; // a node that cannot count counts 0, as one that does not answer
                }
            }
            add(count);
        }

        void settleNow() {
            if (end()) {
                int total;
                synchronized (this) {
                    total = sum;
                }
                complete(future, total);
            }
        }
    }
}
