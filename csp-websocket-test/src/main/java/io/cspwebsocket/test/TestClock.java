package io.cspwebsocket.test;

import io.cspwebsocket.impl.internal.PageClock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The time that the pages of one {@link CspTestRuntime} measure read timeouts in: it stands
 * still until the test {@linkplain #advance advances} it. A page blocked in
 * {@code read(len, Duration.ofSeconds(10))} returns its timeout as soon as the test has advanced
 * the clock by ten seconds, and not before, however long the test really takes.
 *
 * <p>Only read timeouts follow this clock (they are what a page's logic depends on). Send
 * timeouts, pings and the idle timeout, which guard against broken networks, keep real time.
 *
 * <p>Thread-safe: a test thread advances it while page threads wait on it.
 */
public final class TestClock {

    private final Object lock = new Object();
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    /** Guarded by {@link #lock} for writes; read without it. */
    private volatile long nanos;
    private final PageClock pageClock = new Ticking();

    /** Creates a clock at time zero. */
    public TestClock() {
    }

    /**
     * Moves the clock forward and wakes every page waiting for a read: those whose timeout has
     * now passed return their timeout result.
     *
     * @param amount how far; zero or positive
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a clock only goes forward; advance(" + amount + ")");
        }
        synchronized (lock) {
            nanos += amount.toNanos();
        }
        // After the new time is visible: a reader that registered before this sees the unpark,
        // one that registers after it sees the new time (PageClock's contract, see Ticking).
        for (Thread thread : parked) {
            LockSupport.unpark(thread);
        }
    }

    /** @return how far the clock has been advanced since it was created */
    public Duration elapsed() {
        return Duration.ofNanos(nanos);
    }

    /**
     * @param threadName a thread's name
     * @return whether a thread of that name is waiting on this clock now (blocked in a timed read)
     */
    boolean isWaiting(String threadName) {
        for (Thread thread : parked) {
            if (thread.getName().equals(threadName)) {
                return true;
            }
        }
        return false;
    }

    /** @return this clock as the adapter's core takes it */
    PageClock asPageClock() {
        return pageClock;
    }

    @Override
    public String toString() {
        return "TestClock[" + elapsed() + "]";
    }

    /** The core's view: the time, and a park that ends when the time passes the deadline. */
    private final class Ticking implements PageClock {
        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void parkUntil(Object blocker, long deadline, long remaining) {
            Thread current = Thread.currentThread();
            parked.add(current);
            try {
                // Registered first, checked second: an advance between the two is never missed.
                if (nanos - deadline < 0) {
                    LockSupport.park(blocker);
                }
            } finally {
                parked.remove(current);
            }
        }
    }
}
