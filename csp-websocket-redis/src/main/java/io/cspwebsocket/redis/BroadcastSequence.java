package io.cspwebsocket.redis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Makes broadcasts this node missed visible. Redis pub/sub delivers at most once: a broadcast
 * published while this node's subscription is down (Lettuce reconnecting and resubscribing) never
 * reaches it, and nothing says so. So each broadcast is numbered by Redis as it is published
 * ({@link BroadcastPublisher#PUBLISH_SCRIPT}: {@code INCR} and {@code PUBLISH} in one script, so numbers reach every
 * subscriber in order), and a node that sees a number jump counts the broadcasts in between as
 * missed. The count is exact, and known when the next broadcast arrives.
 *
 * <p>Thread-safe; nothing blocks.
 */
final class BroadcastSequence {

    /** The highest number seen; -1 before the first. */
    private final AtomicLong seen = new AtomicLong(-1);
    private final LongAdder missed = new LongAdder();

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
