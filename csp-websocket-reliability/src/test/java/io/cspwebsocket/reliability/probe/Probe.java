package io.cspwebsocket.reliability.probe;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fixture pages tell the suite. This class is not in the test WAR: the web application's
 * class loader finds it in its parent (the test's class path), so pages and tests share it.
 *
 * <p>It holds only JDK objects, and threads only through weak references: anything of the web
 * application kept here would pin its class loader and fake a leak in {@code UndeployTest}.
 */
public final class Probe {

    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, Queue<String>> EVENTS = new ConcurrentHashMap<>();
    private static final Set<WeakReference<Thread>> THREADS = ConcurrentHashMap.newKeySet();
    private static volatile CountDownLatch gate = new CountDownLatch(0);

    private Probe() {
    }

    /** @param key a counter to add one to */
    public static void count(String key) {
        COUNTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * @param key a counter
     * @return its value
     */
    public static int counter(String key) {
        AtomicInteger value = COUNTS.get(key);
        return value == null ? 0 : value.get();
    }

    /**
     * Records what happened to one socket, e.g. {@code read:7951} or {@code post:1011}.
     *
     * @param webSocketId the socket
     * @param event what happened
     */
    public static void event(String webSocketId, String event) {
        EVENTS.computeIfAbsent(webSocketId, k -> new ConcurrentLinkedQueue<>()).add(event);
    }

    /**
     * @param webSocketId a socket
     * @return its events so far, in order
     */
    public static List<String> events(String webSocketId) {
        Queue<String> events = EVENTS.get(webSocketId);
        return events == null ? List.of() : List.copyOf(events);
    }

    /**
     * @param webSocketId a socket
     * @param prefix an event's prefix, e.g. {@code post:}
     * @return how many of its events start with it
     */
    public static long events(String webSocketId, String prefix) {
        return events(webSocketId).stream().filter(e -> e.startsWith(prefix)).count();
    }

    /** @param thread a thread the library runs a page on (kept weakly) */
    public static void thread(Thread thread) {
        THREADS.add(new WeakReference<>(thread));
    }

    /** @return the recorded page threads still alive */
    public static List<Thread> liveThreads() {
        List<Thread> live = new ArrayList<>();
        for (WeakReference<Thread> ref : THREADS) {
            Thread thread = ref.get();
            if (thread != null && thread.isAlive()) {
                live.add(thread);
            }
        }
        return live;
    }

    /** @return how many page threads were recorded */
    public static int recordedThreads() {
        return THREADS.size();
    }

    /** Closes the gate: pages that call {@link #passGate()} wait until {@link #openGate()}. */
    public static void closeGate() {
        gate = new CountDownLatch(1);
    }

    /** Opens the gate. */
    public static void openGate() {
        gate.countDown();
    }

    /** Waits at the gate (at most two minutes). */
    public static void passGate() {
        try {
            gate.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets everything (between test classes). */
    public static void reset() {
        COUNTS.clear();
        EVENTS.clear();
        THREADS.clear();
        gate.countDown();
        gate = new CountDownLatch(0);
    }
}
