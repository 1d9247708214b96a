package io.cspwebsocket.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the binding runs on, started and stopped together: Lettuce's client resources (event
 * loops, timer), two clients (two more on a Redis Cluster, found with {@code INFO cluster} when it
 * opens) and three connections, and the binding's own three executors (a timer
 * thread, callback threads as many as are busy at once, and a few fan-out threads for other
 * nodes' broadcasts). Nothing is
 * shared with other applications, so an undeploy stops every thread it started.
 *
 * <ul>
 *   <li>{@link #state()} keeps commands while Redis is away and sends them, in order, when it is
 *       back (within the command timeout): socket registration and the lease;</li>
 *   <li>{@link #requests()} fails at once while Redis is away: requests, answers and reads, whose
 *       callers must not wait for a reconnection;</li>
 *   <li>{@link #subscriptions()}: this node's channels, resubscribed by Lettuce after a reconnection.</li>
 * </ul>
 */
final class RedisConnections implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.cspwebsocket.redis");
    private static final int REQUEST_QUEUE_SIZE = 100_000;
    /** Idle callback and fan-out threads end after this. */
    private static final long CALLBACK_IDLE_SECONDS = 30;
    /** At most this many fan-out threads, however many cores: each one only queues writes on sockets. */
    private static final int MAX_FAN_OUT_THREADS = 4;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);
    /** On a Redis Cluster, adaptive topology refreshes are at least this far apart. */
    private static final Duration TOPOLOGY_REFRESH_SPACING = Duration.ofSeconds(1);
    /** Reconnection attempts back off from 10 ms to at most 1 s, so a restarted Redis is found again quickly. */
    private static final Delay RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS);

    private final ClientResources resources;
    private final ClientOptions buffering;
    /** On a Redis Cluster, how often the topology is read again in any case. */
    private final Duration topologyRefresh;
    private final RedisURI uri;
    private final RedisClient stateClient;
    private final RedisClient requestClient;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor callbacks;
    private final ThreadPoolExecutor fanOut;
    /** Only on a Redis Cluster (found at {@link #open}): then these connect, and the two above only probe. */
    private volatile RedisClusterClient clusterStateClient;
    private volatile RedisClusterClient clusterRequestClient;
    private volatile StatefulConnection<String, String> state;
    private volatile RedisClusterAsyncCommands<String, String> stateCommands;
    private volatile StatefulConnection<String, byte[]> requests;
    private volatile RedisClusterAsyncCommands<String, byte[]> requestCommands;
    private volatile StatefulRedisPubSubConnection<String, byte[]> subscriptions;
    private volatile PubSub pubSub = PubSub.CLASSIC;
    /** The buffering connection, on a Redis Cluster only. */
    private volatile StatefulRedisClusterConnection<String, String> clusterState;
    /** Only with a Sentinel URI. */
    private volatile SentinelWatch sentinelWatch;

    private RedisConnections(RedisSettings settings) {
        String name = settings.nodeId();
        this.timer = new ScheduledThreadPoolExecutor(1, threads("csp-redis-timer " + name));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Not a fixed pair of threads: a caller's continuation may block on another remote call, whose
        // answer must then complete on another thread (issue 17: with two, two such continuations
        // held both and the calls they waited for could not end, not even by their timeout). A
        // thread is started only when every one is busy; idle ones end.
        this.callbacks = new ThreadPoolExecutor(0, Integer.MAX_VALUE, CALLBACK_IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads("csp-redis-callback " + name));
        // Other nodes' broadcasts fan out here, not on the event loop that delivered them (SenderLanes):
        // a fixed number of threads (the cores, at most 4), none while idle. Platform threads of
        // Netty's class, like the others, so that publishing the answer keeps Netty's caches on a
        // thread that ends with the binding (ForeignThreads); a virtual thread would have to drop
        // them after every answer.
        int fanOutThreads = Math.max(1, Math.min(MAX_FAN_OUT_THREADS, Runtime.getRuntime().availableProcessors()));
        this.fanOut = new ThreadPoolExecutor(fanOutThreads, fanOutThreads, CALLBACK_IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("csp-redis-fanout " + name));
        fanOut.allowCoreThreadTimeOut(true);
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(DefaultClientResources.MIN_IO_THREADS)
                .computationThreadPoolSize(DefaultClientResources.MIN_COMPUTATION_THREADS)
                .reconnectDelay(RECONNECT_DELAY)
                .threadFactoryProvider(pool -> new DefaultThreadFactory("csp-redis-" + pool + " " + name, true))
                .build();
        // Set on the parsed URI itself (RedisSettings parses one per start, so it is this binding's):
        // RedisURI.builder(RedisURI) drops a Sentinel URI's sentinels.
        RedisURI uri = settings.uri();
        uri.setTimeout(settings.commandTimeout());
        if (uri.getClientName() == null) {
            uri.setClientName("csp-websocket-" + name); // so that CLIENT LIST names the node
        }
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.commandTimeout()).keepAlive(true).build();
        ClientOptions buffering = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(socket)
                .build();
        this.buffering = buffering;
        this.topologyRefresh = settings.renewalPeriod();
        this.uri = uri;
        this.stateClient = RedisClient.create(resources, uri);
        stateClient.setOptions(buffering);
        this.requestClient = RedisClient.create(resources, uri);
        requestClient.setOptions(buffering.mutate()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
    }

    /**
     * The same options as a standalone client's, and a topology that follows a failover within the
     * cluster. Lettuce's defaults do not: a fail-fast connection never gets the MOVED that would
     * trigger a refresh, adaptive refreshes run at most once in 30 s, and there is no periodic one,
     * so in RedisClusterFailoverIT the nodes kept reconnecting to the killed master for more than
     * 20 s while its replica had taken over in 2 s. Now: a refresh at the first failed reconnection,
     * at most one a second, and one every renewal period (a third of the lease) in any case.
     */
    private RedisClusterClient clusterClient(ClientOptions.DisconnectedBehavior disconnected) {
        RedisClusterClient client = RedisClusterClient.create(resources, uri);
        client.setOptions(ClusterClientOptions.builder(buffering)
                .disconnectedBehavior(disconnected)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .refreshTriggersReconnectAttempts(1)
                        .adaptiveRefreshTriggersTimeout(TOPOLOGY_REFRESH_SPACING)
                        .enablePeriodicRefresh(topologyRefresh)
                        .build())
                .build());
        return client;
    }

    /** @return whether {@code uri} names a node of a Redis Cluster ({@code cluster_enabled:1}) */
    private boolean isClusterNode() {
        try (StatefulRedisConnection<String, String> probe = stateClient.connect(StringCodec.UTF8)) {
            return probe.sync().info("cluster").contains("cluster_enabled:1");
        }
    }

    /**
     * @param settings the settings
     * @return open connections
     * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached; nothing is left running
     */
    static RedisConnections open(RedisSettings settings) {
        RedisConnections redis = new RedisConnections(settings);
        try {
            RedisCodec<String, byte[]> bytes = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
            if (settings.uri().getSentinels().isEmpty() && redis.isClusterNode()) {
                redis.clusterStateClient = redis.clusterClient(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
                redis.clusterRequestClient = redis.clusterClient(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
                StatefulRedisClusterConnection<String, String> state = redis.clusterStateClient.connect(StringCodec.UTF8);
                redis.state = state;
                redis.clusterState = state;
                redis.stateCommands = state.async();
                StatefulRedisClusterConnection<String, byte[]> requests = redis.clusterRequestClient.connect(bytes);
                redis.requests = requests;
                redis.requestCommands = requests.async();
                redis.subscriptions = redis.clusterStateClient.connectPubSub(bytes);
                redis.pubSub = PubSub.SHARDED;
                return redis;
            }
            StatefulRedisConnection<String, String> state = redis.stateClient.connect(StringCodec.UTF8);
            redis.state = state;
            redis.stateCommands = state.async();
            StatefulRedisConnection<String, byte[]> requests = redis.requestClient.connect(bytes);
            redis.requests = requests;
            redis.requestCommands = requests.async();
            redis.subscriptions = redis.stateClient.connectPubSub(bytes);
            if (!settings.uri().getSentinels().isEmpty()) {
                redis.sentinelWatch = SentinelWatch.start(redis.stateClient, settings.uri(), settings.nodeId(),
                        () -> List.of(state.async(), requests.async(), redis.subscriptions.async()),
                        redis.callbacks);
            }
            return redis;
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
    }

    /** @return commands on the buffering connection */
    RedisClusterAsyncCommands<String, String> state() {
        return stateCommands;
    }

    /** @return whether the buffering connection is connected */
    boolean stateIsOpen() {
        return state.isOpen();
    }

    /**
     * @return whether all three connections are up now (state, requests, subscriptions): with any
     *         of them down, calls to other nodes fail or go unanswered
     */
    boolean allOpen() {
        StatefulConnection<String, String> stateConnection = state;
        StatefulConnection<String, byte[]> requestConnection = requests;
        StatefulRedisPubSubConnection<String, byte[]> subscriptionConnection = subscriptions;
        return stateConnection != null && stateConnection.isOpen()
                && requestConnection != null && requestConnection.isOpen()
                && subscriptionConnection != null && subscriptionConnection.isOpen();
    }

    /** @return commands on the fail-fast connection */
    RedisClusterAsyncCommands<String, byte[]> requests() {
        return requestCommands;
    }

    /**
     * On a Redis Cluster, asks the master that owns a shard channel's slot now how many subscribers
     * it has there ({@code PUBSUB SHARDNUMSUB} answers for the node asked, so it must be that one).
     *
     * @param channel a shard channel
     * @return the count
     */
    CompletionStage<Long> shardSubscribers(String channel) {
        StatefulRedisClusterConnection<String, String> cluster = clusterState;
        RedisClusterNode owner = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(channel));
        if (owner == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no node serves the slot of " + channel));
        }
        return cluster.getConnectionAsync(owner.getNodeId())
                .thenCompose(node -> node.async().pubsubShardNumsub(channel))
                .thenApply(counts -> counts.getOrDefault(channel, 0L));
    }

    /** @return classic pub/sub on one server (Sentinel included), sharded on a Redis Cluster */
    PubSub pubSub() {
        return pubSub;
    }

    StatefulRedisPubSubConnection<String, byte[]> subscriptions() {
        return subscriptions;
    }

    /** @return the timer thread: lease renewals and request timeouts */
    ScheduledExecutorService timer() {
        return timer;
    }

    /** @return the callback threads: futures handed to callers complete here, each on a free thread */
    ExecutorService callbacks() {
        return callbacks;
    }

    /**
     * @return the fan-out threads: other nodes' broadcasts write to this node's sockets here, off
     *         the event loops (its queue is bounded by {@link SenderLanes})
     */
    ExecutorService fanOut() {
        return fanOut;
    }

    /** @param action runs (on a Lettuce thread: it must hand off at once) whenever a connection is re-established */
    void onReconnect(Runnable action) {
        RedisConnectionStateListener listener = new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "reconnection hook failed: " + e);
                }
            }
        };
        stateClient.addListener(listener);
        if (clusterStateClient != null) {
            clusterStateClient.addListener(listener);
        }
    }

    /** Closes the connections and stops every thread; bounded in time, never throws. */
    @Override
    public void close() {
        for (AutoCloseable connection : new AutoCloseable[] {sentinelWatch, subscriptions, requests, state}) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "closing a Redis connection: " + e);
                }
            }
        }
        long timeout = SHUTDOWN_TIMEOUT.toMillis();
        for (AbstractRedisClient client : new AbstractRedisClient[] {clusterRequestClient, clusterStateClient, requestClient,
                stateClient}) {
            if (client == null) {
                continue;
            }
            try {
                client.shutdown(0, timeout, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "shutting a Redis client down: " + e);
            }
        }
        try {
            resources.shutdown(0, timeout, TimeUnit.MILLISECONDS).get(timeout + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "csp-websocket: Redis client threads did not stop in time: " + e);
        }
        timer.shutdownNow();
        // Not shutdownNow at once: interrupting a thread inside a socket write makes NIO close that
        // client's connection. The lanes are closed already, so only a fan-out under way finishes.
        fanOut.shutdown();
        callbacks.shutdown();
        try {
            if (!callbacks.awaitTermination(timeout, TimeUnit.MILLISECONDS)) {
                callbacks.shutdownNow();
            }
            if (!fanOut.awaitTermination(timeout, TimeUnit.MILLISECONDS)) {
                fanOut.shutdownNow();
            }
            timer.awaitTermination(timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Netty's thread class, so that {@link ForeignThreads} leaves these threads' caches alone: they end with the binding. */
    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return body -> {
            Thread thread = new FastThreadLocalThread(body, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
