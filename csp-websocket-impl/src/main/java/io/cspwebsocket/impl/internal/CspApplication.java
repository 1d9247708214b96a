package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspWebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One deployed web application's pages, settings, connections and threads. Created at
 * deployment; {@link #shutdown()} on undeploy closes every socket with 1001, waits (bounded)
 * for the pages to finish and reports what did not (SPEC §10).
 */
public final class CspApplication {

    private final String name;
    private final ClsPathMapper mapper;
    private final CspConfig config;
    private final ConnectionRegistry registry;
    private final PageThreads threads = new PageThreads();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<PageDescriptor, OriginPolicy> originPolicies = new HashMap<>();
    private volatile boolean stopped;

    /**
     * @param name the context path, for log lines
     * @param mapper the pages
     * @param config the settings
     * @param registry where open sockets are listed for {@code openServer}
     */
    public CspApplication(String name, ClsPathMapper mapper, CspConfig config, ConnectionRegistry registry) {
        this.name = name;
        this.mapper = mapper;
        this.config = config;
        this.registry = registry;
        OriginPolicy common = OriginPolicy.allowing(config.allowedOrigins());
        for (PageDescriptor page : mapper.pages()) {
            originPolicies.put(page, common.with(page.allowedOrigins()));
        }
    }

    /**
     * @param page a page of this application
     * @return who may open it from another site (SPEC §8.2)
     */
    public OriginPolicy originPolicy(PageDescriptor page) {
        return originPolicies.get(page);
    }

    /** @return the pages */
    public ClsPathMapper mapper() {
        return mapper;
    }

    /** @return the settings */
    public CspConfig config() {
        return config;
    }

    /** @return the page threads */
    public PageThreads threads() {
        return threads;
    }

    /** @return how many sockets of this application are open */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Creates the connection and page for a handshake; {@code onPreServer} has not run yet.
     *
     * @param page the page to serve
     * @param facts the handshake request
     * @param session the bound session
     * @return the new connection, in the handshake state
     */
    public Connection newConnection(PageDescriptor page, HandshakeFacts facts, SessionBinding session) {
        CspWebSocket instance = page.newPage();
        return new Connection(this, page, instance, WebSocketIds.next(), facts, session);
    }

    void register(Connection connection) {
        connections.add(connection);
        registry.add(connection);
        if (stopped) {
            connection.closeFromServer(CloseReasons.GOING_AWAY, "server shutting down");
        }
    }

    void unregister(Connection connection) {
        registry.remove(connection);
        connections.remove(connection);
    }

    /** Closes every socket with 1001 and waits for the pages to finish; bounded by the shutdown timeout. */
    public void shutdown() {
        stopped = true;
        int open = connections.size();
        for (Connection connection : List.copyOf(connections)) {
            connection.closeFromServer(CloseReasons.GOING_AWAY, "server shutting down");
        }
        Duration timeout = config.shutdownTimeout();
        try {
            List<Thread> left = threads.awaitAll(timeout);
            for (Thread thread : left) {
                // A page that ignores 7951 is abandoned: interrupt it and say which one it was.
                Log.warn(null, "page thread '" + thread.getName() + "' of " + name + " did not finish within "
                        + timeout + " after its socket closed; interrupting it");
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Log.info("csp-websocket: " + name + " stopped; closed " + open + " socket(s)");
    }
}
