package io.cspwebsocket.impl.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts and tracks the threads the library runs pages on (SPEC §2.3, §10).
 *
 * <p>On JDK 21+ each page gets a virtual thread, found at run time so the library still compiles
 * for and runs on JDK 17, where it falls back to platform threads, pooled (see {@link #start}). The
 * system property {@code io.cspwebsocket.virtualThreads=false} forces platform threads. Every started thread is
 * tracked until it ends, so undeploy can wait for them and report any left: the container's
 * leak check cannot see virtual threads.
 *
 * <p>Undeploy waits for <em>tasks</em>, not for a snapshot of threads: closing the sockets starts
 * work of its own (a shared page's last drain run and its {@code onPostServer}, the close of a
 * socket that was sending), and that work must run and be waited for too. A task counts as
 * running from the moment it is handed over, so work that a running task hands on is never
 * missed; and a task handed over after the wait has ended still runs, on a thread of its own,
 * rather than being refused by a pool that has shut down.
 */
public final class PageThreads {

    /** System property that turns virtual threads off ({@code false}). */
    public static final String VIRTUAL_THREADS_PROPERTY = "io.cspwebsocket.virtualThreads";

    private static final VirtualThreadFactory VIRTUAL = VirtualThreadFactory.find();

    /** Every tracked thread until its end: one per page (its task is its life), and the pooled workers. */
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    /** The pooled workers among {@link #live}: few, and busy only while they run a task. */
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    /** Pooled workers running a task now. A page's own thread is not tracked here: it is busy for its whole life. */
    private final Set<Thread> busyWorkers = ConcurrentHashMap.newKeySet();
    private final ReentrantLock taskLock = new ReentrantLock();
    private final Condition allTasksDone = taskLock.newCondition();
    private int runningTasks; // guarded by taskLock: handed over and not yet finished
    private final boolean useVirtual;
    private final boolean reusePlatformThreads;
    private final AtomicInteger pooledNames = new AtomicInteger();
    /**
     * On platform threads: the threads of pages and of short tasks (shared-mode drain runs, closes),
     * reused rather than started one per page or burst; {@code null} on virtual threads.
     */
    private final ExecutorService pool;

    /** System property that gives each page on a platform thread a new thread ({@code false}) instead of a pooled one. */
    public static final String REUSE_PLATFORM_THREADS_PROPERTY = "io.cspwebsocket.reusePageThreads";

    /** Creates a tracker that uses virtual threads when the JVM has them and they are not turned off. */
    public PageThreads() {
        this.useVirtual = VIRTUAL != null && !"false".equalsIgnoreCase(System.getProperty(VIRTUAL_THREADS_PROPERTY));
        this.reusePlatformThreads = !"false".equalsIgnoreCase(System.getProperty(REUSE_PLATFORM_THREADS_PROPERTY));
        this.pool = useVirtual ? null : new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), worker -> worker(platform("csp-worker-" + pooledNames.incrementAndGet(),
                        untrackWhenDone(worker))));
    }

    /** @return whether pages run on virtual threads */
    public boolean virtual() {
        return useVirtual;
    }

    /**
     * Runs a page (a synchronous page's whole life, SPEC §2.3) on a thread of its own: a new
     * virtual thread; on platform threads, a pooled thread, named {@code name} while it runs the
     * page. The thread carries the caller's context class loader while it runs the page, as a
     * thread started by the caller would.
     *
     * <p>Why platform threads are reused: a new platform thread per page made every message of a
     * synchronous page dearer, not only the page's start. On JDK 17, 1,000 synchronous echo pages
     * cost 1.26x the server CPU per round trip of the same echo on pooled threads
     * ({@code raw-thread}), 0.93x once their threads came from this pool (BENCHMARKS.md,
     * 2026-12-07 18:44-18:51 UTC); the extra time was kernel time in the futex calls of parking
     * and waking the fresh threads. {@code -Dio.cspwebsocket.reusePageThreads=false} gives each
     * page a new platform thread again. Like a container's request thread, a reused thread keeps
     * what a page leaves in a {@link ThreadLocal}: a page must remove what it sets.
     *
     * @param name the thread's name while it runs the page (carries the WebSocket id)
     * @param body what it runs
     */
    public void start(String name, Runnable body) {
        if (pool != null && reusePlatformThreads) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            execute(name, () -> runAs(name, loader, body));
            return;
        }
        startOwnThread(name, body);
    }

    /** Runs {@code body} on the current (pooled) thread under another name and context class loader. */
    private static void runAs(String name, ClassLoader loader, Runnable body) {
        Thread worker = Thread.currentThread();
        String workerName = worker.getName();
        ClassLoader workerLoader = worker.getContextClassLoader();
        worker.setName(name);
        worker.setContextClassLoader(loader);
        try {
            body.run();
        } finally {
            worker.setContextClassLoader(workerLoader);
            worker.setName(workerName);
        }
    }

    /** Starts a tracked thread of its own for {@code body}. */
    private Thread startOwnThread(String name, Runnable body) {
        taskHandedOver();
        // One wrapper, not two: an idle page keeps it, and its frame, for as long as it waits.
        Runnable whole = () -> {
            try {
                body.run();
            } finally {
                taskFinished();
                live.remove(Thread.currentThread());
            }
        };
        Thread thread = null;
        try {
            thread = useVirtual ? VIRTUAL.unstarted(name, whole) : platform(name, whole);
            live.add(thread);
            thread.start();
        } catch (RuntimeException | Error e) {
            if (thread != null) {
                live.remove(thread);
            }
            taskFinished(); // never ran
            throw e;
        }
        return thread;
    }

    /**
     * Runs a short task on a library thread: a new virtual thread, or a pooled platform thread.
     *
     * @param name the thread's name when it gets a thread of its own (carries the WebSocket id)
     * @param task the task
     */
    public void execute(String name, Runnable task) {
        if (useVirtual) {
            startOwnThread(name, task);
            return;
        }
        taskHandedOver();
        try {
            pool.execute(asTask(task));
        } catch (RejectedExecutionException afterShutdown) {
            // Undeploy has finished waiting and shut the pool; a late close still gets its
            // onPostServer, on a short-lived thread of its own.
            taskFinished();
            startOwnThread(name, task);
        }
    }

    /** Counts {@code body}, run by a pooled worker, as a running task until it returns, and the worker as busy meanwhile. */
    private Runnable asTask(Runnable body) {
        return () -> {
            Thread current = Thread.currentThread();
            busyWorkers.add(current);
            try {
                body.run();
            } finally {
                busyWorkers.remove(current);
                taskFinished();
            }
        };
    }

    private int runningTasks() {
        taskLock.lock();
        try {
            return runningTasks;
        } finally {
            taskLock.unlock();
        }
    }

    private void taskHandedOver() {
        taskLock.lock();
        try {
            runningTasks++;
        } finally {
            taskLock.unlock();
        }
    }

    private void taskFinished() {
        taskLock.lock();
        try {
            if (--runningTasks == 0) {
                allTasksDone.signalAll();
            }
        } finally {
            taskLock.unlock();
        }
    }

    private Runnable untrackWhenDone(Runnable body) {
        return () -> {
            try {
                body.run();
            } finally {
                workers.remove(Thread.currentThread());
                live.remove(Thread.currentThread());
            }
        };
    }

    private Thread worker(Thread thread) {
        workers.add(thread);
        live.add(thread);
        return thread;
    }

    /** @return whether a tracked thread still runs a task: a page's thread while alive, a worker while busy */
    private boolean busy(Thread thread) {
        return workers.contains(thread) ? busyWorkers.contains(thread) : thread.isAlive() && live.contains(thread);
    }

    /**
     * Waits until no task runs, tasks handed over during the wait included, or the timeout
     * passes; then lets the pooled threads end.
     *
     * @param timeout the longest total wait
     * @return the threads still running a task
     * @throws InterruptedException if the caller is interrupted
     */
    public List<Thread> awaitAll(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        taskLock.lock();
        try {
            while (runningTasks > 0 && remaining > 0) {
                remaining = allTasksDone.awaitNanos(remaining);
            }
        } finally {
            taskLock.unlock();
        }
        if (pool != null) {
            pool.shutdown(); // idle pooled threads end now; busy ones after their task
        }
        // Let them actually end before returning: the container's leak check runs right after
        // undeploy and reports every thread still alive with the application's class loader
        // (the full-size reliability run saw idle pooled workers that were still on their way out).
        long deadline = System.nanoTime() + remaining;
        boolean allDone = runningTasks() == 0;
        for (Thread thread : List.copyOf(live)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            // Once no task runs, a page's thread still listed is only finishing its last lines.
            if (allDone || !busy(thread)) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return allDone ? List.of() : live.stream().filter(this::busy).toList();
    }

    /** @return how many tracked threads are alive (pooled ones between tasks included) */
    public int liveCount() {
        return live.size();
    }

    private static Thread platform(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * {@code Thread.ofVirtual().factory()}, looked up once through public method handles; each
     * thread then costs a plain interface call, not a reflective one.
     */
    private static final class VirtualThreadFactory {
        private final ThreadFactory factory;

        private VirtualThreadFactory(ThreadFactory factory) {
            this.factory = factory;
        }

        static VirtualThreadFactory find() {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
                Object ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType))
                        .invoke();
                ThreadFactory threads = (ThreadFactory) lookup.findVirtual(builder, "factory",
                        MethodType.methodType(ThreadFactory.class)).invoke(ofVirtual);
                VirtualThreadFactory factory = new VirtualThreadFactory(threads);
                factory.unstarted("csp-probe", () -> { }); // JDK 19/20 preview: throws unless enabled
                return factory;
            } catch (Throwable unavailable) {
                return null; // JDK 17: platform threads
            }
        }

        Thread unstarted(String threadName, Runnable body) {
            Thread thread = factory.newThread(body);
            thread.setName(threadName);
            return thread;
        }
    }
}
