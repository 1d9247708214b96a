package io.cspwebsocket.tck.memory;

import io.cspwebsocket.test.TestClock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves a runtime's {@link TestClock} along with real time, a few milliseconds behind it at most:
 * the verifications wait for read timeouts in real time, as on a container (a page's
 * {@code read(len, 300 ms)} returns 7950 about 300 ms later), where a unit test would advance the
 * clock itself.
 */
final class WallClockDriver {

    /** Between two advances: short against the shortest read timeout the verifications use (100 ms). */
    private static final long TICK_NANOS = Duration.ofMillis(5).toNanos();

    private final Thread thread;
    private volatile boolean stopped;

    private WallClockDriver(TestClock clock, String name) {
        this.thread = new Thread(() -> drive(clock), "tck-memory-clock " + name);
        thread.setDaemon(true);
    }

    /**
     * @param clock the runtime's clock
     * @param name the deployment's name, for the thread's name
     * @return the running driver
     */
    static WallClockDriver start(TestClock clock, String name) {
        WallClockDriver driver = new WallClockDriver(clock, name);
        driver.thread.start();
        return driver;
    }

    private void drive(TestClock clock) {
        long last = System.nanoTime();
        while (!stopped) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            clock.advance(Duration.ofNanos(now - last));
            last = now;
        }
    }

    /** Stops advancing the clock. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }
}
