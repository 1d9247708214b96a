package io.cspwebsocket.redis;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Moves the binding's connections to a new master as soon as a sentinel announces a failover
 * ({@code +switch-master}). Lettuce asks the sentinels for the master only when it reconnects, and
 * a master that is still up (a {@code SENTINEL FAILOVER}, or one cut off from the sentinels) keeps
 * its clients and takes their writes until the sentinels demote it, which took 10 s in SentinelIT:
 * a split brain. The nodes' leases renewed there were lost with it, so when the old master was
 * demoted every node found its lease expired and closed its sockets.
 *
 * <p>On each announcement for this master, every connection is asked where it is ({@code CLIENT
 * INFO}: {@code laddr}, the server's address of that connection); one that is not on the new
 * master is closed from the server side ({@code CLIENT KILL ID <own id> SKIPME no}), and Lettuce
 * reconnects, asking the sentinels again. Each sentinel announces the switch once it knows it, so a
 * reconnection that reached a sentinel not yet told is put right at that sentinel's announcement.
 * The subscriptions connection may run these commands while subscribed because Lettuce speaks
 * RESP3 with Redis 6 and newer.
 */
final class SentinelWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.cspwebsocket.redis");
    private static final String SWITCH_MASTER = "+switch-master";

    private final String masterId;
    private final String nodeId;
    private final Supplier<List<RedisClusterAsyncCommands<String, ?>>> connections;
    private final Executor executor;
    private final List<StatefulRedisPubSubConnection<String, String>> watches = new CopyOnWriteArrayList<>();

    private SentinelWatch(String masterId, String nodeId, Supplier<List<RedisClusterAsyncCommands<String, ?>>> connections,
                          Executor executor) {
        this.masterId = masterId;
        this.nodeId = nodeId;
        this.connections = connections;
        this.executor = executor;
    }

    /**
     * Subscribes to {@code +switch-master} on every sentinel of {@code uri} that answers now (one
     * that does not is logged and left out: the others announce the same switch).
     *
     * @param client connects to the sentinels (its options reconnect and resubscribe)
     * @param uri a Sentinel URI
     * @param nodeId for log lines
     * @param connections the binding's connections, each asked where it is
     * @param executor where announcements are handled (not on Lettuce's event loop)
     * @return the watch
     */
    static SentinelWatch start(RedisClient client, RedisURI uri, String nodeId,
                               Supplier<List<RedisClusterAsyncCommands<String, ?>>> connections, Executor executor) {
        SentinelWatch watch = new SentinelWatch(uri.getSentinelMasterId(), nodeId, connections, executor);
        for (RedisURI sentinel : uri.getSentinels()) {
            sentinel.setTimeout(uri.getTimeout()); // not Lettuce's 60 s default: a sentinel that hangs must not hold a start
            try {
                StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub(StringCodec.UTF8, sentinel);
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        executor.execute(() -> watch.switched(message));
                    }
                });
                connection.sync().subscribe(SWITCH_MASTER);
                watch.watches.add(connection);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "csp-websocket: cluster node " + nodeId + " cannot watch sentinel " + sentinel.getHost()
                        + ":" + sentinel.getPort() + " for failovers: " + e);
            }
        }
        return watch;
    }

    /** @param message {@code <master name> <old ip> <old port> <new ip> <new port>} */
    void switched(String message) {
        String[] fields = message.split(" ");
        if (fields.length != 5 || !fields[0].equals(masterId)) {
            return;
        }
        String master = fields[3] + ":" + fields[4];
        LOG.log(Level.INFO, "csp-websocket: cluster node " + nodeId + ": a sentinel says master " + masterId + " is now "
                + master + "; moving its Redis connections there");
        for (RedisClusterAsyncCommands<String, ?> commands : connections.get()) {
            moveTo(commands, master);
        }
    }

    private void moveTo(RedisClusterAsyncCommands<String, ?> commands, String master) {
        try {
            commands.clientInfo().thenAccept(info -> {
                String at = field(info, "laddr");
                String id = field(info, "id");
                if (at != null && id != null && !at.equals(master)) {
                    commands.clientKill(KillArgs.Builder.id(Long.parseLong(id)).skipme(false));
                }
            });
        } catch (RuntimeException e) {
            // Not connected: its reconnection asks the sentinels anyway.
            LOG.log(Level.DEBUG, "csp-websocket: cluster node " + nodeId + ": " + e);
        }
    }

    /** @return the value of {@code name=value} in a {@code CLIENT INFO} line, or {@code null} */
    static String field(String info, String name) {
        for (String part : info.trim().split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (StatefulRedisPubSubConnection<String, String> connection : watches) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "closing a sentinel connection: " + e);
            }
        }
    }
}
