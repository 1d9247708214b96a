package io.cspwebsocket.impl.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The time a page's {@code read(len, timeout)} waits by (SPEC §3.2): where its deadline comes
 * from, and how the reader parks until it. Production uses {@link #SYSTEM}
 * ({@link System#nanoTime()} and a timed park), which the JIT inlines like the direct calls it
 * replaces; the in-memory test runtime (csp-websocket-test) passes a clock that a test moves
 * forward, so that a ten-second read timeout ends the moment the test says ten seconds passed.
 *
 * <p>Only read timeouts follow this clock. Send timeouts, the heartbeat (pings, idle timeout)
 * and shutdown waits keep {@code System.nanoTime()}: they bound real waits on a real container.
 */
public interface PageClock {

    /** The JVM's monotonic clock: what every deployed application uses. */
    PageClock SYSTEM = new PageClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(Object blocker, long deadline, long remaining) {
            LockSupport.parkNanos(blocker, remaining);
        }

        @Override
        public String toString() {
            return "PageClock.SYSTEM";
        }
    };

    /** @return the current time in nanoseconds; only differences between two values mean anything */
    long nanoTime();

    /**
     * Parks the calling thread until {@link LockSupport#unpark} wakes it, it is interrupted, this
     * clock reaches {@code deadline}, or for no reason at all: callers re-check their condition
     * and the time in a loop, as with {@link LockSupport#parkNanos}.
     *
     * @param blocker the object the thread waits on, for thread dumps
     * @param deadline the {@link #nanoTime()} at which the wait ends
     * @param remaining {@code deadline} minus the {@link #nanoTime()} the caller has just read; positive
     */
    void parkUntil(Object blocker, long deadline, long remaining);
}
