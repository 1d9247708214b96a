package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sockets of this class loader, by WebSocket id and by page class (SPEC §6.3): what
 * IRIS applications kept in a global of ids. A connection is added when its socket opens,
 * before {@code server()} runs, and removed when it closes, before {@code onPostServer()} runs.
 */
public final class ConnectionRegistry {

    private static final ConnectionRegistry GLOBAL = new ConnectionRegistry();

    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<Class<?>, Set<Connection>> byPage = new ConcurrentHashMap<>();
    private volatile ClusterLink link;

    /** @return the registry of this class loader (one per web application when the library is in the WAR) */
    public static ConnectionRegistry global() {
        return GLOBAL;
    }

    void add(Connection connection) {
        byId.put(connection.webSocketId(), connection);
        byPage.computeIfAbsent(connection.pageClass(), key -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(Connection connection) {
        byId.remove(connection.webSocketId(), connection);
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

    /** @return how many sockets are open */
    public int size() {
        return byId.size();
    }
}
