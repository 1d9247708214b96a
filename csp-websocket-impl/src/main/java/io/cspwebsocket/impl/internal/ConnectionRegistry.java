package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspWebSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sockets of one web application, by WebSocket id and by page class (SPEC §6.3): what
 * IRIS applications kept in a global of ids. A connection is added when its socket opens,
 * before {@code server()} runs, and removed when it closes, before {@code onPostServer()} runs.
 *
 * <p>Each application has its own registry ({@link #open}, {@link #close()} at undeploy), so
 * that a library jar in a class loader shared by several applications (Tomcat's {@code lib/})
 * never holds one application's page classes, and so its class loader, after it is gone. What
 * is static is only a thin index of the live registries and of the ids they hold: entries leave
 * it as sockets close and applications stop.
 */
public final class ConnectionRegistry {

    /** Live registries by the id of each of their open sockets: {@code openServer(id)} from any thread. */
    private static final Map<String, ConnectionRegistry> BY_ID = new ConcurrentHashMap<>();
    /** The live registries (several may share a class loader: embedded servers in one JVM). */
    private static final Set<ConnectionRegistry> LIVE = ConcurrentHashMap.newKeySet();

    private final ClassLoader applicationLoader;
    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<Class<?>, Set<Connection>> byPage = new ConcurrentHashMap<>();
    private volatile ClusterLink link;

    private ConnectionRegistry(ClassLoader applicationLoader) {
        this.applicationLoader = applicationLoader;
    }

    /**
     * Starts the registry of an application.
     *
     * @param applicationLoader the application's class loader (its pages' and its threads' context loader)
     * @return the registry, listed until {@link #close()}
     */
    public static ConnectionRegistry open(ClassLoader applicationLoader) {
        ConnectionRegistry registry = new ConnectionRegistry(applicationLoader);
        LIVE.add(registry);
        return registry;
    }

    /** The application has stopped: forgets its sockets and leaves the static index. */
    public void close() {
        LIVE.remove(this);
        for (String id : byId.keySet()) {
            BY_ID.remove(id, this);
        }
        byId.clear();
        byPage.clear();
        link = null;
    }

    /**
     * The application a call from this thread comes from, for its cluster binding: found by the
     * thread's context class loader (the web application's, on request threads and on threads
     * it started).
     *
     * @return that registry, the only live one, or {@code null}
     */
    static ConnectionRegistry ofCaller() {
        return ofLoader(Thread.currentThread().getContextClassLoader());
    }

    /**
     * @param pageClass a page class
     * @return the registry of the application that loaded it, the only live one, or {@code null}
     */
    static ConnectionRegistry ofPage(Class<?> pageClass) {
        return ofLoader(pageClass.getClassLoader());
    }

    private static ConnectionRegistry ofLoader(ClassLoader start) {
        for (ClassLoader loader = start; loader != null; loader = loader.getParent()) {
            for (ConnectionRegistry registry : LIVE) {
                if (registry.applicationLoader == loader) {
                    return registry;
                }
            }
        }
        return LIVE.size() == 1 ? LIVE.iterator().next() : null;
    }

    /** @return a snapshot of the live registries */
    static List<ConnectionRegistry> live() {
        return List.copyOf(LIVE);
    }

    /**
     * @param webSocketId an id
     * @return the open connection of any live application, or {@code null}
     */
    static Connection findAnywhere(String webSocketId) {
        ConnectionRegistry registry = webSocketId == null ? null : BY_ID.get(webSocketId);
        return registry == null ? null : registry.find(webSocketId);
    }

    void add(Connection connection) {
        byId.put(connection.webSocketId(), connection);
        BY_ID.put(connection.webSocketId(), this);
        byPage.computeIfAbsent(connection.pageClass(), key -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(Connection connection) {
        if (byId.remove(connection.webSocketId(), connection)) {
            BY_ID.remove(connection.webSocketId(), this);
        }
        Set<Connection> set = byPage.get(connection.pageClass());
        if (set != null) {
            set.remove(connection);
        }
    }

    /**
     * @param webSocketId an id
     * @return the open connection, or {@code null}
     */
    public Connection find(String webSocketId) {
        return webSocketId == null ? null : byId.get(webSocketId);
    }

    /**
     * @param pageClass a page class
     * @return a snapshot of its open connections' ids
     */
    public Set<String> ids(Class<? extends CspWebSocket> pageClass) {
        Set<Connection> set = byPage.get(pageClass);
        if (set == null) {
            return Set.of();
        }
        List<String> ids = new ArrayList<>(set.size());
        for (Connection connection : set) {
            ids.add(connection.webSocketId());
        }
        return Set.copyOf(ids);
    }

    /**
     * @param pageClassName a page class's name
     * @return a snapshot of its open connections' ids (the registry's index by page: no walk over
     *         every socket of the application)
     */
    public Set<String> ids(String pageClassName) {
        Set<Connection> set = pageNamed(pageClassName);
        if (set == null) {
            return Set.of();
        }
        List<String> ids = new ArrayList<>(set.size());
        for (Connection connection : set) {
            ids.add(connection.webSocketId());
        }
        return Set.copyOf(ids);
    }

    /**
     * @param pageClassName a page class's name
     * @return a snapshot of its open connections
     */
    List<Connection> connections(String pageClassName) {
        Set<Connection> set = pageNamed(pageClassName);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** @return the open connections of the page class of that name, or {@code null}; an application has few pages */
    private Set<Connection> pageNamed(String pageClassName) {
        for (Map.Entry<Class<?>, Set<Connection>> page : byPage.entrySet()) {
            if (page.getKey().getName().equals(pageClassName)) {
                return page.getValue();
            }
        }
        return null;
    }

    /**
     * @param pageClass a page class
     * @return a snapshot of its open connections
     */
    public List<Connection> connections(Class<? extends CspWebSocket> pageClass) {
        Set<Connection> set = byPage.get(pageClass);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** @param running the cluster binding that {@code openServer}, {@code openIds} and {@code broadcast} use from now on */
    void link(ClusterLink running) {
        this.link = running;
    }

    /** @param stopped a binding that stopped; forgotten if it is the current one */
    void unlink(ClusterLink stopped) {
        if (link == stopped) {
            link = null;
        }
    }

    /** @return the running cluster binding, or {@code null} when single-node */
    ClusterLink link() {
        return link;
    }

    /** @return the open connections: a live view, weakly consistent as a concurrent map's values are */
    Collection<Connection> all() {
        return byId.values();
    }

    /** @return how many sockets are open */
    public int size() {
        return byId.size();
    }

    /** @return how many sockets of every live application are in the static index (for leak checks) */
    public static int indexedSockets() {
        return BY_ID.size();
    }

    /** @return how many applications are live (for leak checks) */
    public static int liveApplications() {
        return LIVE.size();
    }
}
