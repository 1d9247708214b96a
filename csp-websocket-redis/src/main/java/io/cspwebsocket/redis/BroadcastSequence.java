package io.cspwebsocket.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Makes broadcasts this node missed visible. Redis pub/sub delivers at most once: a broadcast
 * published while this node's subscription is down (Lettuce reconnecting and resubscribing) never
 * reaches it, and nothing says so. So each broadcast is numbered by Redis as it is published
 * ({@link #PUBLISH_SCRIPT}: {@code INCR} and {@code PUBLISH} in one script, so numbers reach every
 * subscriber in order), and a node that sees a number jump counts the broadcasts in between as
 * missed. The count is exact, and known when the next broadcast arrives.
 *
 * <p>Thread-safe; nothing blocks.
 */
final class BroadcastSequence {

    /**
     * KEYS[1] the counter, KEYS[2] the set of node ids; ARGV[1] the channel, ARGV[2] the encoded
     * broadcast without its sequence field, ARGV[3] the lease key prefix. Appends the next number as
     * the message's last field and publishes. Returns how many counts to wait for: the receivers,
     * but no more than the nodes holding a lease, because Redis still counts a crashed process's
     * half-open subscription (until its {@code tcp-keepalive}), which would never answer. Nodes
     * without a lease leave the set (a node puts itself back when it renews).
     */
    static final String PUBLISH_SCRIPT = String.join("\n",
            "local n = tostring(redis.call('INCR', KEYS[1]))",
            "local receivers = redis.call('PUBLISH', ARGV[1], ARGV[2] .. string.len(n) .. ':' .. n)",
            "local live = 0",
            "for _, node in ipairs(redis.call('SMEMBERS', KEYS[2])) do",
            "  if redis.call('EXISTS', ARGV[3] .. node) == 1 then live = live + 1 else redis.call('SREM', KEYS[2], node) end",
            "end",
            "return math.min(receivers, live)");

    /** The highest number seen; -1 before the first. */
    private final AtomicLong seen = new AtomicLong(-1);
    private final LongAdder missed = new LongAdder();

    /**
     * @param commands where to publish
     * @param keys key names
     * @param pubSub classic or sharded
     * @param message the encoded broadcast (five fields)
     * @return how many counts to wait for (receivers that are live nodes)
     */
    static RedisFuture<Long> publish(RedisClusterAsyncCommands<String, byte[]> commands, Keys keys, PubSub pubSub,
                                     byte[] message) {
        return commands.eval(pubSub.script(PUBLISH_SCRIPT), ScriptOutputType.INTEGER, new String[] {keys.broadcastCounter(), keys.nodes()},
                SocketDirectory.bytes(keys.broadcastChannel()), message, SocketDirectory.bytes(keys.leasePrefix()));
    }

    /** @param counter the counter's value when this node subscribed (0 if Redis has none) */
    void startAt(long counter) {
        seen.set(counter);
    }

    /**
     * A broadcast arrived (this node's own included).
     *
     * @param number its sequence number (0: none, from a node that does not number them)
     * @return how many broadcasts were missed just before it (0 normally)
     */
    long received(long number) {
        if (number <= 0) {
            return 0;
        }
        while (true) {
            long last = seen.get();
            if (last < 0 || number <= last) {
                // The first number, or the counter started again (Redis lost its data): nothing to count.
                if (seen.compareAndSet(last, number)) {
                    return 0;
                }
                continue;
            }
            if (seen.compareAndSet(last, number)) {
                long gap = number - last - 1;
                if (gap > 0) {
                    missed.add(gap);
                }
                return gap;
            }
        }
    }

    /** @return how many broadcasts this node is known to have missed */
    long missed() {
        return missed.sum();
    }
}
