package io.cspwebsocket.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Liveness fenced by lease and incarnation (SPEC §12). A node holds its lease key, valued with its
 * incarnation (random per start), and a {@code seen} record that outlives the lease: while Redis
 * keeps its data, a missing lease beside a {@code seen} record means the lease <em>expired</em>
 * (the node crashed, or it was cut off past its lease), not that Redis forgot it. Then:
 * <ul>
 *   <li>requests to the node are not delivered and answer 7951 at once ({@link #DELIVER_SCRIPT}): a
 *       crashed node's ids are closed, not "transiently unreachable", even while Redis still counts
 *       the crashed process's half-open subscription;</li>
 *   <li>the node itself, if it was only stalled or cut off, finds the lease expired at its next
 *       renewal and must close its sockets ({@link Renewal#EXPIRED}), so that a 7951 stays true;</li>
 *   <li>a node with the same id may start again as soon as the lease has expired, whatever Redis
 *       still counts as subscribed ({@link #acquire}).</li>
 * </ul>
 * If Redis lost its data (a restart without persistence), neither key exists: requests are
 * delivered as usual and the node lists its sockets again ({@link Renewal#LOST}).
 */
final class NodeLeases {

    /** How long a {@code seen} record lasts without a renewal: far longer than any lease. */
    static final Duration SEEN_TTL = Duration.ofHours(24);
    private static final long ACQUIRE_POLL_MILLIS = 100;

    /**
     * KEYS[1] the lease, KEYS[2] the left marker, KEYS[3] the seen record, KEYS[4] the node's
     * channel (declared like a key: on a Redis Cluster a shard channel has a slot); ARGV[1] the
     * message. PUBLISH's receiver count; -1 if the node left cleanly, -2 if its lease expired:
     * nothing is delivered to a node that is not alive.
     */
    static final String DELIVER_SCRIPT = String.join("\n",
            "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('PUBLISH', KEYS[4], ARGV[1]) end",
            "if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end",
            "if redis.call('EXISTS', KEYS[3]) == 1 then return -2 end",
            "return redis.call('PUBLISH', KEYS[4], ARGV[1])");

    /**
     * KEYS[1] the lease, KEYS[2] the seen record, KEYS[3] the set of nodes; ARGV[1] the incarnation,
     * ARGV[2] the lease in ms, ARGV[3] the seen record's ttl in ms, ARGV[4] the node id. Renews
     * unless another incarnation holds the lease.
     */
    static final String RENEW_SCRIPT = String.join("\n",
            "local held = redis.call('GET', KEYS[1])",
            "if held and held ~= ARGV[1] then return 'rival ' .. held end",
            "local seen = redis.call('EXISTS', KEYS[2])",
            "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])",
            "redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])",
            "redis.call('SADD', KEYS[3], ARGV[4])",
            "if held then return 'ok' end",
            "if seen == 1 then return 'expired' end",
            "return 'lost'");

    /** KEYS[1] the lease, KEYS[2] the set of nodes; ARGV[1] the incarnation, ARGV[2] the node id. */
    static final String RELEASE_SCRIPT = String.join("\n",
            "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end",
            "redis.call('DEL', KEYS[1])",
            "redis.call('SREM', KEYS[2], ARGV[2])",
            "return 1");

    /** What a renewal found. */
    enum Renewal {
        /** The lease was this incarnation's and is renewed. */
        OK,
        /** The lease had expired while Redis kept its data: other nodes may have been told this node's ids are closed. */
        EXPIRED,
        /** Redis had lost its data (both keys gone): nothing was said about this node's ids. */
        LOST,
        /** Another incarnation with this node id holds the lease: this one has been replaced. */
        RIVAL
    }

    private final Keys keys;
    private final String nodeId;
    private final String incarnation;
    private final Duration lease;

    NodeLeases(Keys keys, String nodeId, String incarnation, Duration lease) {
        this.keys = keys;
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.lease = lease;
    }

    /**
     * Takes the lease for this incarnation. A previous incarnation's lease (a crashed process, or a
     * quick restart) is waited out, at most one lease and a poll; a lease that is still held after
     * that is renewed by a live node with the same id.
     *
     * @param state commands
     * @param timeout the command timeout
     * @throws IllegalStateException if a live node holds the id
     * @throws Exception if Redis fails
     */
    void acquire(RedisClusterAsyncCommands<String, String> state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + lease.toNanos() + TimeUnit.MILLISECONDS.toNanos(ACQUIRE_POLL_MILLIS * 3);
        SetArgs nx = SetArgs.Builder.nx().px(lease);
        while (state.set(keys.lease(nodeId), incarnation, nx).get(timeout.toMillis(), TimeUnit.MILLISECONDS) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster node id '" + nodeId + "' is in use by a live node (key prefix '"
                        + keys.prefix() + "'): give each node its own " + RedisClusterParameters.NODE_ID);
            }
            Thread.sleep(ACQUIRE_POLL_MILLIS);
        }
        state.set(keys.seen(nodeId), incarnation, SetArgs.Builder.px(SEEN_TTL)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        state.sadd(keys.nodes(), nodeId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @param state commands
     * @return what the renewal found: {@link Renewal}, with the rival's incarnation after a space for {@code RIVAL}
     */
    RedisFuture<String> renew(RedisClusterAsyncCommands<String, String> state) {
        return state.eval(RENEW_SCRIPT, ScriptOutputType.VALUE,
                new String[] {keys.lease(nodeId), keys.seen(nodeId), keys.nodes()},
                incarnation, Long.toString(lease.toMillis()), Long.toString(SEEN_TTL.toMillis()), nodeId);
    }

    /**
     * Gives the lease up (the node leaves cleanly), if this incarnation still holds it.
     *
     * @param state commands
     * @return 1 if it did, 0 if another incarnation holds the lease (or none does)
     */
    RedisFuture<Long> release(RedisClusterAsyncCommands<String, String> state) {
        return state.eval(RELEASE_SCRIPT, ScriptOutputType.INTEGER, new String[] {keys.lease(nodeId), keys.nodes()},
                incarnation, nodeId);
    }

    /**
     * @param answer a result of {@link #renew}
     * @return its kind
     */
    static Renewal renewal(String answer) {
        if (answer == null) {
            return Renewal.LOST;
        }
        return switch (answer.split(" ", 2)[0]) {
            case "ok" -> Renewal.OK;
            case "expired" -> Renewal.EXPIRED;
            case "rival" -> Renewal.RIVAL;
            default -> Renewal.LOST;
        };
    }

    /**
     * Publishes a request to a node only if it is alive (or Redis cannot tell).
     *
     * @param requests commands
     * @param keys the key names
     * @param pubSub classic or sharded
     * @param node the node
     * @param message the request
     * @return the receiver count; -1 if the node left cleanly, -2 if its lease expired
     */
    static RedisFuture<Long> deliver(RedisClusterAsyncCommands<String, byte[]> requests, Keys keys, PubSub pubSub, String node,
                                     byte[] message) {
        return requests.eval(pubSub.script(DELIVER_SCRIPT), ScriptOutputType.INTEGER,
                new String[] {keys.lease(node), keys.left(node), keys.seen(node), keys.nodeChannel(node)}, message);
    }
}
