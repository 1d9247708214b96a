package io.cspwebsocket.tck.pages;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Server-side notice board of the deployed fixtures: pages write what happened (how often
 * {@code onPostServer} ran, which exception they caught, which close code they saw) under
 * {@code <token>.<name>} keys, and {@link ProbeServlet} lets the test read it over HTTP. Pages
 * also wait here for signals the test sends through the servlet.
 *
 * <p>Internal TCK use only. One board per deployment (a static of the web application's
 * class loader). Thread-safe.
 */
public final class Board {

    private static final Map<String, String> VALUES = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> SIGNALS = new ConcurrentHashMap<>();

    private Board() {
    }

    /**
     * Sets a value.
     *
     * @param key the key, conventionally {@code <token>.<name>}
     * @param value the value
     */
    public static void put(String key, String value) {
        VALUES.put(key, value);
    }

    /**
     * Appends to a comma-separated list value.
     *
     * @param key the key
     * @param item the item to append
     */
    public static void append(String key, String item) {
        VALUES.merge(key, item, (old, add) -> old + "," + add);
    }

    /**
     * Increments a counter (absent counts as 0).
     *
     * @param key the key
     * @return the new count
     */
    public static int increment(String key) {
        return Integer.parseInt(VALUES.merge(key, "1", (old, one) -> Integer.toString(Integer.parseInt(old) + 1)));
    }

    /**
     * Reads a value.
     *
     * @param key the key
     * @return the value, or {@code null}
     */
    public static String get(String key) {
        return VALUES.get(key);
    }

    /**
     * Raises a signal (idempotent).
     *
     * @param key the signal's key
     */
    public static void signal(String key) {
        latch(key).countDown();
    }

    /**
     * Waits for a signal.
     *
     * @param key the signal's key
     * @param limit how long to wait at most
     * @return whether the signal came in time
     */
    public static boolean awaitSignal(String key, Duration limit) {
        try {
            return latch(key).await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static CountDownLatch latch(String key) {
        return SIGNALS.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    /**
     * Describes a throwable for the test: its class name, never a stack trace.
     *
     * @param caught what was caught, or {@code null}
     * @return {@code "none"} or the simple class name
     */
    public static String describe(Throwable caught) {
        return caught == null ? "none" : caught.getClass().getName();
    }
}
