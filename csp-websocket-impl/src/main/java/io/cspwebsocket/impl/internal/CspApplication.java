package io.cspwebsocket.impl.internal;

import io.cspwebsocket.impl.CspPageFactory;
import io.cspwebsocket.impl.CspWebSocketStatistics;
import io.cspwebsocket.spi.CspCluster;
import io.cspwebsocket.spi.CspClusterContext;
import io.cspwebsocket.spi.CspClusterProvider;
import io.cspwebsocket.spi.CspLocalNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One deployed web application's pages, settings, connections and threads. Created at
 * deployment; {@link #shutdown()} on undeploy closes every socket with 1001, waits (bounded)
 * for the pages to finish and reports what did not (SPEC §10).
 */
public final class CspApplication {

    /** How much of an abandoned page thread's stack the shutdown logs: enough to find the loop. */
    private static final int STACK_FRAMES_LOGGED = 20;

    private final String name;
    private final ClsPathMapper mapper;
    private final CspConfig config;
    private final ConnectionRegistry registry;
    private final PageThreads threads = new PageThreads();
    private final PageInstances pageInstances;
    private final Map<PageDescriptor, OriginPolicy> originPolicies = new HashMap<>();
    /**
     * The open sockets of each HTTP session. The sets are immutable and replaced under the map's
     * lock: nearly every session has one socket, and a concurrent set per session cost about
     * 200 bytes per idle socket.
     */
    private final Map<String, Set<Connection>> bySession = new ConcurrentHashMap<>();
    /** Sessions whose last socket closed, until their own timeout is back (§7.3), by session id. */
    private final Map<String, SessionBinding> restoring = new ConcurrentHashMap<>();
    /** Handshakes past {@code onPreServer} whose socket has not opened yet, with their deadlines (nanoTime). */
    private final Map<Connection, Long> awaitingOpen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat;
    private final Duration tick;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Metrics metrics;
    private final ApplicationMBean mbean;
    private final ApplicationStatistics statistics;
    private final ClusterLink clusterLink;
    private final String nodeId;
    private final PageClock clock;
    /** Names of the page threads still running when the shutdown timeout ended; set by {@link #shutdown()}. */
    private volatile List<String> leftAtShutdown = List.of();

    /**
     * @param name the context path, for log lines
     * @param mapper the pages
     * @param config the settings
     * @param applicationLoader the application's class loader, by which {@code openServer},
     *        {@code openIds} and {@code broadcast} find its sockets
     */
    public CspApplication(String name, ClsPathMapper mapper, CspConfig config, ClassLoader applicationLoader) {
        this(name, mapper, config, applicationLoader, parameter -> null);
    }

    /**
     * @param name the context path, for log lines
     * @param mapper the pages
     * @param config the settings
     * @param applicationLoader the application's class loader, by which {@code openServer},
     *        {@code openIds} and {@code broadcast} find its sockets
     * @param parameters the application's init parameters, for a cluster binding
     * @throws IllegalStateException if a cluster binding is configured but cannot start; then
     *         nothing of the application is left running
     */
    public CspApplication(String name, ClsPathMapper mapper, CspConfig config, ClassLoader applicationLoader,
                          UnaryOperator<String> parameters) {
        this(name, mapper, config, applicationLoader, parameters, null);
    }

    /**
     * @param name the context path, for log lines
     * @param mapper the pages
     * @param config the settings
     * @param applicationLoader the application's class loader, by which {@code openServer},
     *        {@code openIds} and {@code broadcast} find its sockets
     * @param parameters the application's init parameters, for a cluster binding
     * @param pageFactory creates the pages; {@code null} for the default (CDI, else the constructor)
     * @throws IllegalStateException if a cluster binding is configured but cannot start; then
     *         nothing of the application is left running
     */
    public CspApplication(String name, ClsPathMapper mapper, CspConfig config, ClassLoader applicationLoader,
                          UnaryOperator<String> parameters, CspPageFactory pageFactory) {
        this(name, mapper, config, applicationLoader, parameters, pageFactory, PageClock.SYSTEM);
    }

    /**
     * @param name the context path, for log lines
     * @param mapper the pages
     * @param config the settings
     * @param applicationLoader the application's class loader, by which {@code openServer},
     *        {@code openIds} and {@code broadcast} find its sockets
     * @param parameters the application's init parameters, for a cluster binding
     * @param pageFactory creates the pages; {@code null} for the default (CDI, else the constructor)
     * @param clock the time pages' read timeouts are measured in: {@link PageClock#SYSTEM} but in
     *        the in-memory test runtime
     * @throws IllegalStateException if a cluster binding is configured but cannot start; then
     *         nothing of the application is left running
     */
    public CspApplication(String name, ClsPathMapper mapper, CspConfig config, ClassLoader applicationLoader,
                          UnaryOperator<String> parameters, CspPageFactory pageFactory, PageClock clock) {
        this.name = name;
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.mapper = mapper;
        this.config = config;
        this.metrics = new Metrics(mapper.pages());
        this.mbean = new ApplicationMBean(this, metrics);
        this.statistics = new ApplicationStatistics(this, metrics, name);
        this.pageInstances = pageFactory == null ? new PageInstances(name) : new PageInstances(name, pageFactory);
        Duration shortest = config.pingInterval().compareTo(config.idleTimeout()) < 0
                ? config.pingInterval() : config.idleTimeout();
        this.tick = Duration.ofMillis(Math.max(100, shortest.toMillis() / 4));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, body -> {
            Thread thread = new Thread(body, "csp-heartbeat " + name);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // read wake-ups are cancelled when their socket closes
        this.heartbeat = timer;
        OriginPolicy common = OriginPolicy.allowing(config.allowedOrigins());
        for (PageDescriptor page : mapper.pages()) {
            originPolicies.put(page, common.with(page.allowedOrigins()));
        }
        this.registry = ConnectionRegistry.open(applicationLoader);
        ClusterLink link = null;
        try {
            link = startCluster(parameters);
            mbean.register(name);
        } catch (RuntimeException | Error e) {
            // Nothing of a half-built application may stay: no timer thread, no registry entry, no binding.
            heartbeat.shutdownNow();
            if (link != null) {
                registry.unlink(link);
                link.cluster().close();
            }
            registry.close();
            throw e;
        }
        this.clusterLink = link;
        this.nodeId = link == null ? null : link.localNode();
        // Last: the heartbeat's thread starts only for an application that is whole.
        heartbeat.scheduleWithFixedDelay(this::beat, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        RunningApplications.started(statistics);
    }

    /** Starts the first cluster binding configured for this application (SPEC §12), if any. */
    private ClusterLink startCluster(UnaryOperator<String> parameters) {
        LocalNodeService localNode = new LocalNodeService(this);
        CspClusterContext context = new CspClusterContext() {
            @Override
            public String applicationName() {
                return name;
            }

            @Override
            public String initParameter(String parameter) {
                return parameters.apply(parameter);
            }

            @Override
            public Duration sendTimeout() {
                return config.sendTimeout();
            }

            @Override
            public CspLocalNode localNode() {
                return localNode;
            }
        };
        List<CspClusterProvider> providers = new ArrayList<>();
        try {
            ServiceLoader.load(CspClusterProvider.class, CspApplication.class.getClassLoader()).forEach(providers::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("csp-websocket: a cluster binding of " + name + " cannot be loaded: "
                    + e.getMessage(), e);
        }
        for (CspClusterProvider provider : providers) {
            CspCluster cluster;
            try {
                cluster = provider.start(context);
            } catch (Exception e) {
                throw new IllegalStateException("csp-websocket: cluster binding " + provider.getClass().getName()
                        + " could not start for " + name + ": " + e.getMessage(), e);
            }
            if (cluster != null) {
                if (!WebSocketIds.NODE_ID.matcher(cluster.nodeId()).matches()) {
                    cluster.close();
                    throw new IllegalStateException("csp-websocket: invalid cluster node id '" + cluster.nodeId() + "'");
                }
                ClusterLink link = new ClusterLink(cluster, cluster.nodeId(), config.sendTimeout());
                registry.link(link);
                Log.info("csp-websocket: " + name + " joined the cluster as node " + cluster.nodeId()
                        + " through " + provider.getClass().getName());
                return link;
            }
        }
        return null;
    }

    ConnectionRegistry registry() {
        return registry;
    }

    /** @param pageClassName a page class's name */
    List<Connection> connectionsOf(String pageClassName) {
        return registry.connections(pageClassName); // its index by page, not a walk over every socket
    }

    Metrics metrics() {
        return metrics;
    }

    /**
     * @param count which count
     * @return the application's count: closed sockets' totals plus the open sockets' own counts
     */
    long traffic(Traffic.Count count) {
        return count.sum(metrics, registry.all());
    }

    /** @return the live counters of this application, for metrics and health checks */
    public CspWebSocketStatistics statistics() {
        return statistics;
    }

    /** @return the cluster binding, or {@code null} on one node */
    ClusterLink clusterLink() {
        return clusterLink;
    }

    void forEachConnection(java.util.function.Consumer<Connection> action) {
        registry.all().forEach(action);
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

    /**
     * @return the executor that wakes pages at the end of long read timeouts (the heartbeat's),
     *         or {@code null} where read timeouts follow a clock other than the system's. On
     *         platform threads too: a timed park there arms and cancels a kernel timer per wait,
     *         which cost 1.17x the server CPU of an untimed one per synchronous echo round trip
     *         (JDK 17, 50 connections; 1.03x with the wake-up task; BENCHMARKS.md)
     * @see BlockingInbox
     */
    ScheduledExecutorService readWakeups() {
        // The wake-up task runs in real time: with any other clock the reader parks on that clock.
        return clock == PageClock.SYSTEM ? heartbeat : null;
    }

    /** @return the time pages' read timeouts are measured in */
    PageClock clock() {
        return clock;
    }

    /** @return how many sockets of this application are open */
    public int openConnections() {
        return registry.size();
    }

    /**
     * Creates the connection and page for a handshake; {@code onPreServer} has not run yet.
     *
     * @param page the page to serve
     * @param facts the handshake request
     * @param session the bound session
     * @return the new connection, in the handshake state
     * @throws IllegalStateException if the page cannot be created (its constructor, or CDI, failed)
     */
    public Connection newConnection(PageDescriptor page, HandshakeFacts facts, SessionBinding session) {
        PageInstances.Created instance = pageInstances.create(page);
        return new Connection(this, page, instance, WebSocketIds.next(nodeId), facts, session);
    }

    /**
     * A handshake is being upgraded: if its socket has not opened within the send timeout (the
     * client left before the 101 or before the container's {@code onOpen}), the heartbeat
     * releases its page (SPEC §8.3).
     *
     * @param connection the prepared connection
     */
    void awaitOpen(Connection connection) {
        awaitingOpen.put(connection, System.nanoTime() + config.sendTimeout().toNanos());
    }

    /** @param connection a connection whose socket opened, or whose handshake was abandoned */
    void openedOrAbandoned(Connection connection) {
        awaitingOpen.remove(connection);
    }

    private void abandonStaleHandshakes(long now) {
        for (Map.Entry<Connection, Long> waiting : awaitingOpen.entrySet()) {
            if (now - waiting.getValue() >= 0) {
                waiting.getKey().abandon("the socket did not open within " + config.sendTimeout() + " of the upgrade");
            }
        }
    }

    /** @return the heartbeat period in whole seconds, at least 1 */
    int heartbeatSeconds() {
        return (int) Math.max(1, tick.toSeconds());
    }

    /** One heartbeat pass over every socket and session; package-private for tests. */
    void beat() {
        long now = System.nanoTime();
        try {
            abandonStaleHandshakes(now);
        } catch (RuntimeException | Error e) {
            Log.warn(null, "releasing stale handshakes failed", e);
        }
        for (Connection connection : registry.all()) {
            try {
                connection.heartbeat(now, config);
            } catch (RuntimeException | Error e) {
                // An Error too: scheduleWithFixedDelay stops for good after anything thrown (§8.3).
                Log.warn(connection.webSocketId(), "heartbeat failed", e);
            }
        }
        try {
            keepSessionsAlive();
        } catch (RuntimeException | Error e) {
            Log.warn(null, "session keep-alive pass failed", e);
        }
    }

    /** One keep-alive per HTTP session per tick, however many sockets share it (§7.3). */
    private void keepSessionsAlive() {
        for (Set<Connection> bound : bySession.values()) {
            for (Connection connection : bound) {
                keepAlive(connection);
                break;
            }
        }
        restoring.values().removeIf(session -> {
            try {
                return session.restoreIfDue();
            } catch (RuntimeException | Error e) {
                Log.debug(null, "restoring a session's timeout failed: " + e);
                return true;
            }
        });
    }

    private static void keepAlive(Connection connection) {
        try {
            connection.session().keepAlive();
        } catch (RuntimeException | Error e) {
            // One session's failure (even an Error from a session store) must not end the pass.
            Log.warn(connection.webSocketId(), "session keep-alive failed", e);
        }
    }

    /**
     * Waits, within the shutdown timeout, until the container has reported every closed socket
     * closed: until a client answers the close frame, the container's threads go on reading its
     * frames for this application, with its class loader as their context class loader, and
     * Tomcat's undeploy check would report each such thread as a leak (the reliability suite saw it).
     */
    private void awaitContainerCloses(List<Connection> closing, long deadline) throws InterruptedException {
        CompletableFuture<?>[] closes = closing.stream().map(Connection::containerClosedStage)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closes).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            long pending = closing.stream().filter(connection -> !connection.containerClosedStage().isDone()).count();
            Log.info("csp-websocket: " + name + ": " + pending + " socket(s) still closing when the shutdown"
                    + " timeout ended; the container finishes them");
        } catch (ExecutionException e) {
            // never completed exceptionally
        }
    }

    private void clusterCall(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            Log.warn(null, "cluster binding failed: " + e); // the socket itself is unaffected
        }
    }

    /** The HTTP session ended: close its sockets with 1008 (SPEC §7.3). */
    void sessionEnded(String sessionId) {
        restoring.remove(sessionId);
        Set<Connection> bound = bySession.remove(sessionId);
        if (bound != null) {
            for (Connection connection : List.copyOf(bound)) {
                // On the container's session-expiry thread, which serves every session.
                connection.closeElsewhere(CloseReasons.POLICY_VIOLATION, "session ended");
            }
        }
    }

    /** The container gave a session a new id (login): keep its sockets under the new one. */
    void sessionIdChanged(String oldId, String newId) {
        SessionBinding released = restoring.remove(oldId);
        if (released != null) {
            restoring.put(newId, released);
        }
        Set<Connection> bound = bySession.remove(oldId);
        if (bound != null) {
            bySession.merge(newId, bound, (existing, moved) -> {
                Set<Connection> both = new HashSet<>(existing);
                both.addAll(moved);
                return Set.copyOf(both);
            });
        }
    }

    void register(Connection connection) {
        metrics.opened.increment();
        metrics.opened(connection.descriptor(), connection.page().isSharedConnection());
        registry.add(connection);
        if (clusterLink != null) {
            clusterCall(() -> clusterLink.cluster().opened(connection.webSocketId(), connection.pageClass().getName()));
        }
        if (connection.session().isHttpSession()) {
            bySession.compute(connection.sessionId(), (id, set) -> {
                restoring.remove(id); // a socket again: kept alive, not restored
                return plus(set, connection);
            });
            // At once, not at the first tick: a session shorter than one tick (7.5 s by default)
            // would otherwise expire before anything kept it alive.
            keepAlive(connection);
        }
        if (stopped.get()) {
            connection.closeFromServer(CloseReasons.GOING_AWAY, "server shutting down");
        }
    }

    private static Set<Connection> plus(Set<Connection> set, Connection connection) {
        if (set == null) {
            return Set.of(connection);
        }
        Set<Connection> more = new HashSet<>(set);
        more.add(connection);
        return Set.copyOf(more);
    }

    private static Set<Connection> minus(Set<Connection> set, Connection connection) {
        Set<Connection> fewer = new HashSet<>(set);
        fewer.remove(connection);
        return Set.copyOf(fewer);
    }

    void unregister(Connection connection) {
        registry.remove(connection);
        metrics.closed(connection.descriptor(), connection.page().isSharedConnection());
        if (clusterLink != null) {
            clusterCall(() -> clusterLink.cluster().closed(connection.webSocketId(), connection.pageClass().getName()));
        }
        if (connection.session().isHttpSession()) {
            bySession.computeIfPresent(connection.sessionId(), (id, set) -> {
                Set<Connection> rest = minus(set, connection);
                if (!rest.isEmpty()) {
                    return rest;
                }
                // The last socket of the session: its own timeout comes back (§7.3).
                connection.session().release();
                restoring.put(id, connection.session());
                return null;
            });
        }
    }

    /** Puts every kept session's own timeout back: it may be persisted and outlive this deployment (§7.3). */
    private void restoreSessions() {
        List<SessionBinding> sessions = new ArrayList<>(restoring.values());
        restoring.clear();
        for (Set<Connection> bound : bySession.values()) {
            bound.stream().findFirst().ifPresent(connection -> sessions.add(connection.session()));
        }
        for (SessionBinding session : sessions) {
            try {
                session.restoreNow();
            } catch (RuntimeException e) {
                Log.debug(null, "restoring a session's timeout failed: " + e);
            }
        }
    }

    /**
     * @return the page threads that had not finished within the shutdown timeout after their
     *         sockets closed (interrupted then), each as its name followed by the top of its stack
     *         at that moment; empty before {@link #shutdown()}
     */
    public List<String> pageThreadsLeftAtShutdown() {
        return leftAtShutdown;
    }

    /** @return where a thread is, as the lines of a stack trace (the top frames), for a log */
    private static String stackOf(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        StringBuilder text = new StringBuilder();
        int shown = Math.min(frames.length, STACK_FRAMES_LOGGED);
        for (int i = 0; i < shown; i++) {
            text.append("\n\tat ").append(frames[i]);
        }
        if (frames.length > shown) {
            text.append("\n\t... ").append(frames.length - shown).append(" more");
        }
        return text.length() == 0 ? " (no stack: the thread has ended)" : text.toString();
    }

    /**
     * Closes every socket with 1001 and waits for the pages to finish; bounded by the shutdown
     * timeout. Only the first call does anything.
     */
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        heartbeat.shutdownNow();
        for (Connection waiting : List.copyOf(awaitingOpen.keySet())) {
            waiting.abandon("the application is stopping");
        }
        List<Connection> closing = List.copyOf(registry.all());
        int open = closing.size();
        for (Connection connection : closing) {
            if (connection.isSending()) {
                // A client that stopped reading can hold a close frame for the container's whole
                // blocking-send timeout: its frame goes out on a thread of its own.
                connection.closeElsewhere(CloseReasons.GOING_AWAY, "server shutting down");
            } else {
                connection.closeFromServer(CloseReasons.GOING_AWAY, "server shutting down");
            }
        }
        Duration timeout = config.shutdownTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            List<Thread> left = threads.awaitAll(timeout);
            List<String> described = new java.util.ArrayList<>();
            for (Thread thread : left) {
                // A page that ignores 7951 is abandoned: interrupt it and say which one it was, and
                // where it was, so that the loop that ignores the closed status can be found.
                String where = stackOf(thread);
                described.add(thread.getName() + where);
                Log.warn(null, "page thread '" + thread.getName() + "' of " + name + " did not finish within "
                        + timeout + " after its socket closed; interrupting it. It was at:" + where);
                thread.interrupt();
            }
            leftAtShutdown = List.copyOf(described);
            awaitContainerCloses(closing, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        restoreSessions();
        if (clusterLink != null) {
            registry.unlink(clusterLink);
            clusterCall(clusterLink.cluster()::close);
        }
        mbean.unregister();
        RunningApplications.stopped(statistics);
        registry.close();
        Log.info("csp-websocket: " + name + " stopped; closed " + open + " socket(s)");
    }
}
