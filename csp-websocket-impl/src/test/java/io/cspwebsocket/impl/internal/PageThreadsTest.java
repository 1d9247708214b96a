package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Undeploy's wait (SPEC §10): closing the sockets starts work of its own, which must be waited
 * for and must run. Found by the reliability suite: a shared page's {@code onPostServer} was lost
 * when its last drain run was handed to a pool that undeploy had already shut down.
 */
class PageThreadsTest {

    @Test
    void awaitAllWaitsForTasksThatRunningTasksHandOn() throws Exception {
        PageThreads threads = new PageThreads();
        CountDownLatch waitStarted = new CountDownLatch(1);
        CountDownLatch handOnDone = new CountDownLatch(1);
        AtomicBoolean lateTaskRan = new AtomicBoolean();
        threads.execute("csp-close test", () -> {
            await(waitStarted);
            // Like a socket's close handing on the shared page's last drain run.
            threads.execute("csp-shared test", () -> {
                sleepQuietly(300);
                lateTaskRan.set(true);
            });
            handOnDone.countDown();
        });
        List<Thread>[] left = new List[1];
        Thread waiter = new Thread(() -> {
            try {
                left[0] = threads.awaitAll(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the wait has begun before the first task hands work on
        }
        waitStarted.countDown();
        waiter.join(TimeUnit.SECONDS.toMillis(15));
        assertTrue(handOnDone.await(1, TimeUnit.SECONDS));
        assertTrue(lateTaskRan.get(), "awaitAll returned before the handed-on task had run");
        assertEquals(List.of(), left[0], "threads left running a task");
    }

    @Test
    void noThreadOfTheLibraryIsAliveWhenAwaitAllReturns() throws Exception {
        PageThreads threads = new PageThreads();
        java.util.Set<Thread> ran = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int tasks = 200; // held together, so that each gets a pooled worker of its own on JDK 17
        CountDownLatch done = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            threads.execute("csp-post " + i, () -> {
                ran.add(Thread.currentThread());
                done.countDown();
                await(done);
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(), threads.awaitAll(Duration.ofSeconds(10)));
        // The container's leak check runs right after undeploy: an idle pooled worker still on its
        // way out is reported as a thread the application failed to stop.
        assertEquals(List.of(), ran.stream().filter(Thread::isAlive).map(Thread::getName).toList());
    }

    @Test
    void aTaskHandedOverAfterTheWaitStillRuns() throws Exception {
        PageThreads threads = new PageThreads();
        assertEquals(List.of(), threads.awaitAll(Duration.ofSeconds(1)));
        CountDownLatch ran = new CountDownLatch(1);
        // A container reporting a close after undeploy finished waiting: onPostServer must still run.
        threads.execute("csp-post late", ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the late task was dropped");
    }

    @Test
    void awaitAllReportsTheThreadsStillRunningATaskAtTheTimeout() throws Exception {
        PageThreads threads = new PageThreads();
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = threads.start("csp-page stuck", () -> await(release));
        try {
            assertEquals(List.of(stuck), threads.awaitAll(Duration.ofMillis(200)));
        } finally {
            release.countDown();
        }
        stuck.join(5000);
        assertEquals(List.of(), threads.awaitAll(Duration.ofSeconds(1)));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
