package io.cspwebsocket.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
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
     * KEYS[1] the counter; ARGV[1] the channel, ARGV[2] the encoded broadcast without its sequence
     * field. Appends the next number as the message's last field and publishes; the receiver count.
     */
    static final String PUBLISH_SCRIPT = String.join("\n",
            "local n = tostring(redis.call('INCR', KEYS[1]))",
            "return redis.call('PUBLISH', ARGV[1], ARGV[2] .. string.len(n) .. ':' .. n)");

    /** The highest number seen; -1 before the first. */
    private final AtomicLong seen = new AtomicLong(-1);
    private final LongAdder missed = new LongAdder();

    /**
     * @param commands where to publish
     * @param keys key names
     * @param message the encoded broadcast (five fields)
     * @return the receiver count
     */
    static RedisFuture<Long> publish(RedisAsyncCommands<String, byte[]> commands, Keys keys, byte[] message) {
        return commands.eval(PUBLISH_SCRIPT, ScriptOutputType.INTEGER, new String[] {keys.broadcastCounter()},
                SocketDirectory.bytes(keys.broadcastChannel()), message);
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
