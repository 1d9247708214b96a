package io.cspwebsocket.tck.pages;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A notice board that outlives a deployment: it lives in the JVM's system properties and holds
 * only JDK types, so a page of an undeployed application can leave facts (its
 * {@code onPostServer} ran, its thread) that the {@link ProbeServlet} of another deployment in
 * the same server reads (SPEC §10). Threads are held weakly, so the board never keeps an
 * undeployed application's class loader alive.
 *
 * <p>Internal TCK use only; only meaningful when both deployments run in one JVM (any single
 * server). Thread-safe.
 */
public final class JvmBoard {

    private static final String PROPERTY = "io.cspwebsocket.tck.jvmBoard";

    private JvmBoard() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map() {
        Map<Object, Object> properties = System.getProperties();
        Object board = properties.get(PROPERTY);
        if (board == null) {
            synchronized (properties) {
                board = properties.get(PROPERTY);
                if (board == null) {
                    board = new ConcurrentHashMap<String, Object>();
                    properties.put(PROPERTY, board);
                }
            }
        }
        return (Map<String, Object>) board;
    }

    /**
     * Sets a value.
     *
     * @param key the key
     * @param value the value
     */
    public static void put(String key, String value) {
        map().put(key, value);
    }

    /**
     * Records the current thread, weakly.
     *
     * @param key the key
     */
    public static void putCurrentThread(String key) {
        map().put(key, new WeakReference<>(Thread.currentThread()));
    }

    /**
     * Reads a value: a string as stored, or for a thread {@code "alive"} or {@code "ended"}.
     *
     * @param key the key
     * @return the value, or {@code null}
     */
    public static String get(String key) {
        Object value = map().get(key);
        if (value instanceof WeakReference<?> ref) {
            Object thread = ref.get();
            return thread instanceof Thread t && t.isAlive() ? "alive" : "ended";
        }
        return value == null ? null : value.toString();
    }
}
