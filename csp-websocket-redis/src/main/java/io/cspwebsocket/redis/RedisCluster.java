package io.cspwebsocket.redis;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspCluster;
import io.cspwebsocket.spi.CspLocalNode;
import io.lettuce.core.SetArgs;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The Redis cluster binding of one application on one node (SPEC §12).
 *
 * <p><b>Requests.</b> Each node subscribes to its own channel, to a reply channel of its own
 * incarnation and to the application's broadcast channel. A request to a socket on another node is
 * one {@code PUBLISH} to that node's channel (the node is in the id: no lookup) carrying a request
 * id and the reply channel; the owner serves it with {@link CspLocalNode} and publishes the status.
 * The {@code PUBLISH} runs in a script that first checks the node's lease ({@link NodeLeases}): a
 * node that left cleanly (its {@code left} marker proves its sockets are closed for good, as ids
 * are never reused) or whose lease has expired (it crashed, or it was cut off and closes its
 * sockets when it comes back) gets nothing, and the call ends at once with 7951. Otherwise the
 * receiver count 0 means the node is not connected (5001 at once: it may be cut off from Redis
 * with its sockets still open, within its lease). Without an answer the call ends with 5001 after
 * its timeout. A broadcast is one {@code PUBLISH} to the broadcast channel; the receiver count
 * says how many counts to wait for.
 *
 * <p><b>Liveness.</b> The node's lease key, valued with its incarnation, is renewed every third of
 * the lease ({@link NodeLeases}, {@link LeaseKeeper}). A renewal that finds the lease expired (this node stalled, or was
 * cut off past its lease: other nodes have answered 7951 for its ids) closes this node's sockets,
 * so that the 7951 stays true; one that finds Redis lost its data lists the open sockets again. A
 * node id is free again as soon as its lease has expired, whatever Redis still counts as
 * subscribed. A reconnection renews at once. Lettuce reconnects and resubscribes by itself.
 *
 * <p><b>Threads.</b> Lettuce's event loops deliver messages and never block here; another node's
 * broadcast writes to this node's sockets on a fan-out thread ({@link SenderLanes}), its other
 * requests are served on the event loop unless they must wait behind that sender's broadcast;
 * futures handed to callers complete on this binding's callback threads; the timer thread renews
 * the lease and ends requests that time out. {@link #close()} stops all of them, Lettuce's included.
 */
final class RedisCluster implements CspCluster {

    private static final System.Logger LOG = System.getLogger("io.cspwebsocket.redis");
    /** How long a clean leave proves a node's ids closed; apps forget ids long before. */
    static final Duration LEFT_MARKER_TTL = Duration.ofHours(24);
    private static final Duration CLOSE_STEP_TIMEOUT = Duration.ofSeconds(2);
    /**
     * How much longer than the send timeout a blocking remote write waits for its answer: the owner
     * may use the whole send timeout, then the answer travels back. Below the second the adapter's
     * {@code RemoteHandle} adds as a guard.
     */
    static final Duration WAIT_REPLY_GRACE = Duration.ofMillis(500);
    /** Requests served are remembered for twice what a caller waits, and at least this long. */
    static final Duration MIN_REMEMBER = Duration.ofSeconds(10);
    /** At most this many requests from other nodes wait behind a fan-out: beyond it, reading from Redis waits. */
    static final int QUEUED_REQUESTS = 10_000;
    /** At most this many requests are remembered: a burst beyond it forgets the oldest first. */
    static final int REMEMBERED_REQUESTS = 100_000;

    private final RedisSettings settings;
    private final Keys keys;
    private final String nodeId;
    private final String incarnation = UUID.randomUUID().toString();
    private final String replyChannel;
    private final CspLocalNode local;
    private final RedisConnections redis;
    private final PendingRequests pending;
    private final SocketDirectory directory;
    private final RequestServer server;
    private final SenderLanes lanes;
    private final NodeLeases leases;
    private final BroadcastSequence broadcasts = new BroadcastSequence();
    private final BroadcastPublisher publisher;
    private final AtomicBoolean subscribedOnce = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set by {@link #halt()}: the node behaves as a crashed process (tests only). */
    private volatile boolean halted;
    private final LeaseKeeper leaseKeeper;

    private RedisCluster(RedisSettings settings, CspLocalNode local, RedisConnections redis) {
        this.settings = settings;
        this.keys = Keys.of(settings.keyPrefix(), redis.pubSub());
        this.publisher = new BroadcastPublisher(keys, redis.pubSub(), settings.nodeId());
        this.nodeId = settings.nodeId();
        this.replyChannel = keys.replyChannel(nodeId, incarnation);
        this.local = local;
        this.redis = redis;
        this.pending = new PendingRequests(redis.timer(), redis.callbacks());
        this.leases = new NodeLeases(keys, nodeId, incarnation, settings.lease());
        this.directory = new SocketDirectory(keys, nodeId, incarnation, local, redis.state(), redis.requests(),
                redis.callbacks(), settings.commandTimeout(), redis::stateIsOpen);
        Duration remember = settings.timeout().plus(WAIT_REPLY_GRACE).multipliedBy(2);
        this.leaseKeeper = new LeaseKeeper(settings, keys, leases, redis, directory, local, this::checkSubscriptions);
        this.server = new RequestServer(nodeId, local, this::publishQuietly, new RequestMemory(
                remember.compareTo(MIN_REMEMBER) < 0 ? MIN_REMEMBER : remember, REMEMBERED_REQUESTS, System::nanoTime));
        this.lanes = new SenderLanes(redis.fanOut(), QUEUED_REQUESTS, nodeId);
    }

    /**
     * Connects, checks that the node id is free, subscribes, takes the lease and starts renewing it.
     *
     * @param settings the settings
     * @param local this node's sockets
     * @param applicationName for log lines
     * @return the running binding
     * @throws Exception if Redis cannot be reached or the node id is in use; nothing is left running
     */
    static RedisCluster start(RedisSettings settings, CspLocalNode local, String applicationName) throws Exception {
        RedisConnections redis;
        RedisCluster cluster;
        try {
            redis = RedisConnections.open(settings);
            cluster = new RedisCluster(settings, local, redis);
            try {
                cluster.join();
            } catch (Exception | Error e) {
                redis.close();
                throw e;
            }
        } finally {
            ForeignThreads.clean(); // the deploying thread outlives the application
        }
        LOG.log(Level.INFO, "csp-websocket: " + applicationName + " is cluster node " + settings.nodeId() + " on "
                + settings.safeUri() + " (key prefix '" + settings.keyPrefix() + "', lease " + settings.lease().toMillis() + " ms)");
        return cluster;
    }

    private void join() throws Exception {
        long timeout = settings.commandTimeout().toMillis();
        // By lease, not by PUBSUB NUMSUB: Redis counts a crashed process's half-open subscription
        // until its tcp-keepalive finds it dead (300 s by default), and a restart must not wait that long.
        leases.acquire(redis.state(), settings.commandTimeout());
        StatefulRedisPubSubConnection<String, byte[]> sub = redis.subscriptions();
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                received(channel, message);
            }

            @Override
            public void smessage(String channel, byte[] message) {
                received(channel, message); // sharded, on a Redis Cluster
            }

            @Override
            public void subscribed(String channel, long count) {
                if (channel.equals(replyChannel) && !subscribedOnce.compareAndSet(false, true) && !halted) {
                    redis.callbacks().execute(RedisCluster.this::resubscribed); // not on the event loop
                }
            }

            @Override
            public void ssubscribed(String channel, long count) {
                subscribed(channel, count);
            }
        });
        redis.pubSub().subscribe(sub.async(), keys.nodeChannel(nodeId), replyChannel, keys.broadcastChannel())
                .get(timeout, TimeUnit.MILLISECONDS);
        redis.state().del(keys.left(nodeId)).get(timeout, TimeUnit.MILLISECONDS);
        String counter = redis.state().get(keys.broadcastCounter()).get(timeout, TimeUnit.MILLISECONDS);
        broadcasts.startAt(counter == null ? 0 : Long.parseLong(counter));
        leaseKeeper.start();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void opened(String webSocketId, String pageClassName) {
        directory.opened(webSocketId, pageClassName);
    }

    @Override
    public void closed(String webSocketId, String pageClassName) {
        directory.closed(webSocketId, pageClassName);
    }

    @Override
    public Set<String> openIds(String pageClassName) {
        return directory.openIds(pageClassName);
    }

    @Override
    public CompletionStage<CspStatus> write(String nodeId, String webSocketId, String text, byte[] bytes, Duration timeout) {
        if (nodeId.equals(this.nodeId)) {
            return local.write(webSocketId, text, bytes);
        }
        if (text != null) {
            Wire.Kind kind = Wire.textKind(Wire.Kind.WRITE_UTF8, text);
            return call(nodeId, kind, webSocketId, Wire.textBytes(kind, text), timeout);
        }
        return call(nodeId, Wire.Kind.WRITE_BINARY, webSocketId, bytes, timeout);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The owner waits up to its send timeout, so the answer is awaited a little longer
     * ({@link #WAIT_REPLY_GRACE}): a write that completed just in time is not reported as lost.
     */
    @Override
    public CompletionStage<CspStatus> writeAndWait(String nodeId, String webSocketId, String text, byte[] bytes,
                                                   Duration timeout) {
        if (nodeId.equals(this.nodeId)) {
            return local.writeAndWait(webSocketId, text, bytes);
        }
        Duration wait = timeout.plus(WAIT_REPLY_GRACE);
        if (text != null) {
            Wire.Kind kind = Wire.textKind(Wire.Kind.WRITE_WAIT_UTF8, text);
            return call(nodeId, kind, webSocketId, Wire.textBytes(kind, text), wait, true);
        }
        return call(nodeId, Wire.Kind.WRITE_WAIT_BINARY, webSocketId, bytes, wait, true);
    }

    /** Connected while the binding runs and its three Redis connections are up (for health checks). */
    @Override
    public boolean isConnected() {
        return !closed.get() && redis.allOpen();
    }

    @Override
    public CompletionStage<CspStatus> endServer(String nodeId, String webSocketId, Duration timeout) {
        if (nodeId.equals(this.nodeId)) {
            return local.endServer(webSocketId);
        }
        return call(nodeId, Wire.Kind.END, webSocketId, new byte[0], timeout);
    }

    @Override
    public CompletionStage<CspStatus> status(String nodeId, String webSocketId, Duration timeout) {
        if (nodeId.equals(this.nodeId)) {
            return CompletableFuture.completedFuture(local.status(webSocketId));
        }
        return call(nodeId, Wire.Kind.STATUS, webSocketId, new byte[0], timeout);
    }

    @Override
    public CompletionStage<Boolean> binaryData(String nodeId, String webSocketId, Duration timeout) {
        if (nodeId.equals(this.nodeId)) {
            return CompletableFuture.completedFuture(local.binaryData(webSocketId));
        }
        return call(nodeId, Wire.Kind.BINARY_DATA, webSocketId, new byte[0], timeout)
                .thenApply(CspStatus::isOk); // OK only for a binary page (Wire.Kind.BINARY_DATA)
    }

    @Override
    public CompletionStage<Integer> broadcast(String pageClassName, String message, Duration timeout) {
        if (closed.get()) {
            return CompletableFuture.completedFuture(0);
        }
        long id = pending.newId();
        CompletableFuture<Integer> total;
        try {
            total = pending.broadcast(id, timeout);
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture(0);
        }
        Wire.Kind kind = Wire.textKind(Wire.Kind.BROADCAST_UTF8, message);
        byte[] request = Wire.encode(new Wire.Request(kind, id, replyChannel, pageClassName, Wire.textBytes(kind, message)));
        publishBroadcast(request).whenComplete((receivers, failure) -> {
            if (failure != null) {
                pending.fail(id, null); // counts what has arrived: nothing
            } else {
                pending.receivers(id, receivers);
            }
        });
        return total;
    }

    private CompletionStage<CspStatus> call(String node, Wire.Kind kind, String target, byte[] payload, Duration timeout) {
        return call(node, kind, target, payload, timeout, false);
    }

    /**
     * @param awaited whether the caller only waits for the answer (a blocking write): then the
     *        answer completes the future on the thread that brings it, without a hand-off
     */
    private CompletionStage<CspStatus> call(String node, Wire.Kind kind, String target, byte[] payload, Duration timeout,
                                            boolean awaited) {
        if (closed.get()) {
            return CompletableFuture.completedFuture(CspStatus.error("node " + nodeId + " has left the cluster"));
        }
        long id = pending.newId();
        byte[] request = Wire.encode(new Wire.Request(kind, id, replyChannel, target, payload));
        CompletableFuture<CspStatus> answer;
        try {
            answer = awaited ? pending.awaitedCall(id, node, request, timeout) : pending.call(id, node, request, timeout);
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture(CspStatus.error("node " + nodeId + " has left the cluster"));
        }
        deliver(node, request).whenComplete((receivers, failure) -> {
            if (failure != null) {
                // Only a command Lettuce refused is surely undelivered; a timed-out one may still run.
                pending.fail(id, CallFailure.status(node, failure));
            } else if (receivers < 0) {
                // It left cleanly, or its lease expired: its sockets are closed for good (SPEC §6.2).
                pending.fail(id, CspStatus.CLOSED);
            } else if (receivers == 0) {
                pending.fail(id, CspStatus.error("node " + node + " is not connected to the cluster"));
            }
        });
        return answer;
    }

    private CompletionStage<Long> deliver(String node, byte[] request) {
        try {
            return ForeignThreads.send(() -> NodeLeases.deliver(redis.requests(), keys, redis.pubSub(), node, request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Long> publish(String channel, byte[] message) {
        try {
            return ForeignThreads.send(() -> redis.pubSub().publish(redis.requests(), channel, message));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Long> publishBroadcast(byte[] request) {
        try {
            return ForeignThreads.send(() -> publisher.publish(redis.requests(), request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void publishQuietly(String channel, byte[] message) {
        // An answer nobody can receive (the caller left, or Redis is away) ends as the caller's timeout.
        publish(channel, message);
    }

    /** On a Lettuce event loop: never blocks. */
    private void received(String channel, byte[] message) {
        if (halted) {
            return;
        }
        Object decoded;
        try {
            decoded = Wire.decode(message);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "csp-websocket: node " + nodeId + " ignored a malformed message on " + channel + ": "
                    + e.getMessage());
            return;
        }
        if (decoded instanceof Wire.Reply reply) {
            if (channel.equals(replyChannel)) {
                pending.answered(reply);
            }
            return;
        }
        Wire.Request request = (Wire.Request) decoded;
        if (request.isBroadcast()) {
            long missed = broadcasts.received(request.sequence());
            if (missed > 0) {
                LOG.log(Level.WARNING, "csp-websocket: cluster node " + nodeId + " missed " + missed + " broadcast"
                        + (missed == 1 ? "" : "s") + " while its subscription was down (" + broadcasts.missed()
                        + " since it started): their messages did not reach this node's sockets");
            }
        }
        if (request.replyTo().equals(replyChannel)) {
            pending.selfDelivered(request.id()); // our own broadcast; the adapter served our sockets
            return;
        }
        // A broadcast's fan-out runs on a fan-out thread: on this event loop it held up every answer
        // and request behind it for as long as it wrote to all of this node's sockets (issue 17).
        lanes.submit(request.replyTo(), request.isBroadcast(), () -> server.serve(request));
    }

    /**
     * Lettuce has subscribed this node again after a reconnection. Answers published meanwhile are
     * lost: every call still waiting is sent again with its own id (the owner answers from memory,
     * nothing runs twice). Broadcasts published meanwhile are lost too; the next one says how many.
     */
    private void resubscribed() {
        int resent = closed.get() ? 0 : pending.resendAll((node, request) -> deliver(node, request));
        LOG.log(Level.INFO, "csp-websocket: cluster node " + nodeId + " subscribed again after a reconnection; sent "
                + resent + " waiting request" + (resent == 1 ? "" : "s") + " again. Broadcasts published while it was"
                + " not subscribed did not reach its sockets; the next broadcast counts them");
    }

    /**
     * On a Redis Cluster, after each lease renewal: subscribes again when the master of this
     * application's slot does not count this node's subscription. Lettuce 6.5.5 does not move
     * sharded subscriptions when a failover in the cluster moves the slot (redis/lettuce#3213): in
     * RedisClusterFailoverIT both nodes stayed unreachable ("not connected") after the replica of
     * the killed master had taken over. The reply channel is this incarnation's own, so a count of
     * 0 there means this node is not subscribed.
     */
    private void checkSubscriptions() {
        if (redis.pubSub() != PubSub.SHARDED || halted || closed.get()) {
            return;
        }
        redis.shardSubscribers(replyChannel).whenComplete((count, failure) -> {
            if (failure != null || count > 0 || halted || closed.get()) {
                return; // Redis away: the next renewal checks again
            }
            LOG.log(Level.INFO, "csp-websocket: cluster node " + nodeId + " is not subscribed on the master that serves"
                    + " its channels now (a failover in the Redis Cluster); subscribing again");
            redis.pubSub().subscribe(redis.subscriptions().async(), keys.nodeChannel(nodeId), replyChannel,
                    keys.broadcastChannel());
        });
    }

    /** @return how many broadcasts this node is known to have missed (for tests) */
    long missedBroadcasts() {
        return broadcasts.missed();
    }

    /**
     * Makes this node behave as a crashed process, for tests: it stops renewing and answering, cleans
     * nothing up and keeps its connections, so Redis still counts its subscription (as it does for a
     * killed process until {@code tcp-keepalive} notices). {@link #close()} then only drops the connections.
     */
    void halt() {
        halted = true;
        leaseKeeper.stop();
    }

    /** @return how many requests from other nodes wait behind a fan-out (for tests) */
    int queuedRequests() {
        return lanes.queued();
    }

    /** @return how many requests wait for an answer (for tests: none may leak) */
    int pendingRequests() {
        return pending.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        leaseKeeper.stop();
        if (halted) {
            pending.failAll(CspStatus.error("node " + nodeId + " has crashed"));
            lanes.close();
            redis.close(); // a crash leaves everything behind
            return;
        }
        var commands = redis.requests();
        // The marker first: from now on a caller who finds nobody listening knows the ids are closed.
        step("mark the node as left", () -> commands.set(keys.left(nodeId), SocketDirectory.bytes("1"),
                SetArgs.Builder.px(LEFT_MARKER_TTL)));
        step("withdraw the node's ids", directory::withdraw);
        // Only this incarnation's lease: a process that took the node id over keeps its own.
        step("drop the lease", () -> leases.release(redis.state()));
        step("unsubscribe", () -> redis.pubSub().unsubscribe(redis.subscriptions().async(), keys.nodeChannel(nodeId), replyChannel,
                keys.broadcastChannel()));
        pending.failAll(CspStatus.error("node " + nodeId + " has left the cluster"));
        lanes.close();
        redis.close();
        ForeignThreads.clean(); // the undeploying thread outlives the application
        LOG.log(Level.INFO, "csp-websocket: cluster node " + nodeId + " left");
    }

    private static void step(String what, Supplier<? extends CompletionStage<?>> command) {
        try {
            command.get().toCompletableFuture().get(CLOSE_STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "csp-websocket: leaving the cluster, could not " + what + ": " + e);
        }
    }
}
