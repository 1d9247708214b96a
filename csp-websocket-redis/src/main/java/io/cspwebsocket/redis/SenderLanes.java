package io.cspwebsocket.redis;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs other nodes' requests off the Lettuce event loop when they are long, in the order each
 * sender sent them.
 *
 * <p><b>Why.</b> A broadcast from another node writes to every local socket of a page class:
 * 10,000 {@code writeAsync} calls take long enough that, on the event loop that delivered it,
 * everything else that connection (and any connection sharing that loop) brings waits behind
 * them: the answers to this node's own cross-node calls, its {@code openIds} reads, other nodes'
 * requests (issue 17, defect 5). So a heavy request (a broadcast) is handed to the fan-out
 * executor. Light requests (a write, a status) stay on the event loop: a hand-off would add a
 * thread wake-up to every cross-node write.
 *
 * <p><b>Order.</b> Requests from one sender (its reply channel: one caller incarnation) keep the
 * order in which they arrived, as they did on the event loop (SPEC §4.2: each thread's messages
 * keep their order; a page that broadcasts and then writes to one socket must not see the write
 * overtake the broadcast). So each sender with a heavy request in progress has a lane: while it
 * has one, its light requests queue behind it too; with none, they run at once on the calling
 * thread. Other senders are not held up. A lane runs on one executor thread at a time.
 *
 * <p><b>Bounds.</b> The executor's threads are bounded (by its owner). The queued requests of all
 * lanes together are bounded by {@code capacity}: past it the delivering thread waits for room,
 * which stops reading from Redis (Redis then buffers, up to its pub/sub output limit) rather than
 * letting memory grow without limit on a node that cannot keep up. After {@link #close()} nothing
 * runs any more.
 *
 * <p>Thread-safe.
 */
final class SenderLanes {

    private static final System.Logger LOG = System.getLogger("io.cspwebsocket.redis");
    /** A lane runs at most this many requests before it yields its thread to other lanes. */
    private static final int BATCH = 64;

    private final Executor executor;
    private final int capacity;
    private final String nodeId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    /** Senders with a queued or running request; guarded by {@link #lock}. */
    private final Map<String, Lane> lanes = new HashMap<>();
    /** Requests queued in all lanes, not yet started; guarded by {@link #lock}. */
    private int queued;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}: whether the wait for room has been logged since the last time there was room. */
    private boolean fullLogged;

    /**
     * @param executor where lanes run (bounded threads)
     * @param capacity at most this many requests queued in all lanes together
     * @param nodeId this node, for log lines
     */
    SenderLanes(Executor executor, int capacity, String nodeId) {
        this.executor = executor;
        this.capacity = capacity;
        this.nodeId = nodeId;
    }

    /**
     * Runs a request from {@code sender}: a heavy one on the executor, a light one at once unless
     * the sender's earlier requests are still queued or running.
     *
     * @param sender the sender's reply channel
     * @param heavy whether the request is long (a broadcast's fan-out)
     * @param request the request
     */
    void submit(String sender, boolean heavy, Runnable request) {
        boolean runHere;
        Lane started = null;
        lock.lock();
        try {
            // Light, and nothing of this sender pending: it runs here, below, outside the lock.
            runHere = !heavy && !lanes.containsKey(sender);
            if (!runHere) {
                awaitRoom();
                if (closed) {
                    return;
                }
                Lane lane = lanes.get(sender); // looked up after the wait: it may have ended meanwhile
                if (lane == null) {
                    lane = new Lane(sender);
                    lanes.put(sender, lane);
                    started = lane;
                }
                lane.requests.add(request); // else the lane's thread takes it in its turn
                queued++;
            }
        } finally {
            lock.unlock();
        }
        if (runHere) {
            request.run();
        } else if (started != null) {
            schedule(started);
        }
    }

    /** Holding {@link #lock}: waits while every place in the lanes is taken (the delivering thread stops reading Redis). */
    private void awaitRoom() {
        while (queued >= capacity && !closed) {
            if (!fullLogged) {
                fullLogged = true;
                LOG.log(Level.WARNING, "csp-websocket: cluster node " + nodeId + " has " + queued
                        + " requests from other nodes waiting for their turn; it stops reading from Redis until there is room");
            }
            room.awaitUninterruptibly();
        }
    }

    /** @return how many senders have a request queued or running (for tests) */
    int activeLanes() {
        lock.lock();
        try {
            return lanes.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return how many requests are queued in all lanes, not yet started (for tests) */
    int queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** Drops every queued request and runs no more; a request running now finishes. */
    void close() {
        lock.lock();
        try {
            closed = true;
            lanes.clear();
            queued = 0;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void schedule(Lane lane) {
        try {
            executor.execute(lane);
        } catch (RejectedExecutionException e) {
            close(); // the executor has stopped: the binding is closing
        }
    }

    /** @return the next request of {@code lane}, or {@code null} when it is empty (then it is gone) */
    private Runnable next(Lane lane) {
        lock.lock();
        try {
            if (closed || lanes.get(lane.sender) != lane) {
                return null;
            }
            Runnable request = lane.requests.poll();
            if (request == null) {
                lanes.remove(lane.sender);
                return null;
            }
            queued--;
            fullLogged = false;
            room.signalAll();
            return request;
        } finally {
            lock.unlock();
        }
    }

    /** One sender's requests, run one after the other on the executor. */
    private final class Lane implements Runnable {
        final String sender;
        /** Guarded by {@link SenderLanes#lock}. */
        final ArrayDeque<Runnable> requests = new ArrayDeque<>();

        Lane(String sender) {
            this.sender = sender;
        }

        @Override
        public void run() {
            for (int i = 0; i < BATCH; i++) {
                Runnable request = next(this);
                if (request == null) {
                    return;
                }
                try {
                    request.run();
                } catch (RuntimeException e) {
                    // RequestServer answers its own failures; this only keeps the lane going.
                    LOG.log(Level.WARNING, "csp-websocket: cluster node " + nodeId + " failed to serve a request: " + e);
                }
            }
            schedule(this); // yield: other lanes get the thread, this one continues after them
        }
    }
}
