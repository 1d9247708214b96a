package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        Thread[] stuck = new Thread[1];
        threads.start("csp-page stuck", () -> {
            stuck[0] = Thread.currentThread();
            await(release);
        });
        try {
            List<Thread> left = threads.awaitAll(Duration.ofMillis(200));
            assertEquals(List.of(stuck[0]), left);
            assertEquals("csp-page stuck", left.get(0).getName(), "a page's thread is named after its socket while it runs");
        } finally {
            release.countDown();
        }
        assertEquals(List.of(), threads.awaitAll(Duration.ofSeconds(5)));
        stuck[0].join(5000);
        assertFalse(stuck[0].isAlive(), "the page's thread outlived the wait");
    }

    /**
     * On platform threads a page's thread comes from the pool (a new platform thread per page made
     * every message dearer, BENCHMARKS.md): the next page reuses the thread of one that ended,
     * named after its own socket and with its starter's context class loader while it runs.
     */
    @Test
    void onPlatformThreadsAPageReusesTheThreadOfOneThatEnded() throws Exception {
        PageThreads threads = withProperties(Map.of(PageThreads.VIRTUAL_THREADS_PROPERTY, "false"));
        ClassLoader starterLoader = new ClassLoader(getClass().getClassLoader()) { };
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        Thread[] ran = new Thread[2];
        String[] names = new String[2];
        ClassLoader[] loaders = new ClassLoader[2];
        try {
            for (int page = 0; page < 2; page++) {
                int index = page;
                CountDownLatch ended = new CountDownLatch(1);
                Thread.currentThread().setContextClassLoader(page == 0 ? starterLoader : callerLoader);
                threads.start("csp-page p" + page, () -> {
                    ran[index] = Thread.currentThread();
                    names[index] = Thread.currentThread().getName();
                    loaders[index] = Thread.currentThread().getContextClassLoader();
                    ended.countDown();
                });
                assertTrue(ended.await(5, TimeUnit.SECONDS));
                waitUntilIdle(ran[index]);
            }
        } finally {
            Thread.currentThread().setContextClassLoader(callerLoader);
        }
        assertEquals(ran[0], ran[1], "the second page got a new thread");
        assertEquals(List.of("csp-page p0", "csp-page p1"), List.of(names));
        assertEquals(starterLoader, loaders[0]);
        assertEquals(callerLoader, loaders[1]);
        assertTrue(ran[0].getName().startsWith("csp-worker-"), "an idle pooled thread keeps a page's name: " + ran[0].getName());
        assertEquals(List.of(), threads.awaitAll(Duration.ofSeconds(5)));
        assertFalse(ran[0].isAlive(), "the pooled thread outlived the wait");
    }

    /** {@code -Dio.cspwebsocket.reusePageThreads=false}: each page gets a new platform thread again. */
    @Test
    void reuseSwitchedOffGivesEachPageANewThread() throws Exception {
        PageThreads threads = withProperties(Map.of(PageThreads.VIRTUAL_THREADS_PROPERTY, "false",
                PageThreads.REUSE_PLATFORM_THREADS_PROPERTY, "false"));
        Thread[] ran = new Thread[2];
        for (int page = 0; page < 2; page++) {
            int index = page;
            CountDownLatch ended = new CountDownLatch(1);
            threads.start("csp-page p" + page, () -> {
                ran[index] = Thread.currentThread();
                ended.countDown();
            });
            assertTrue(ended.await(5, TimeUnit.SECONDS));
            ran[index].join(5000);
            assertFalse(ran[index].isAlive(), "a page's own thread ends with its page");
        }
        assertEquals("csp-page p1", ran[1].getName());
        assertNotSame(ran[0], ran[1]);
        assertEquals(List.of(), threads.awaitAll(Duration.ofSeconds(5)));
    }

    /** A tracker created while the given system properties are set (restored afterwards). */
    private static PageThreads withProperties(Map<String, String> properties) {
        Map<String, String> before = new java.util.HashMap<>();
        properties.forEach((key, value) -> {
            before.put(key, System.getProperty(key));
            System.setProperty(key, value);
        });
        try {
            return new PageThreads();
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    /** Waits until a pooled thread has finished its task and waits for the next one. */
    private static void waitUntilIdle(Thread worker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (worker.getName().startsWith("csp-page") || worker.getState() == Thread.State.RUNNABLE) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the page's thread did not go back to the pool: " + worker.getState());
            }
            Thread.onSpinWait();
        }
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
