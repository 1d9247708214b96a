package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One application's registry among several (SPEC §6.3): found by the caller's class loader or any
 * loader below it, never guessed among several; its sockets listed by page class name (the
 * cluster's and the MBean's look-up) and forgotten when they close; a cluster binding that stopped
 * forgotten only if it is the current one.
 */
class ConnectionRegistryTest {

    /** The defaults but for the shutdown's wait for page threads: 200 ms, as in ConnectionTest. */
    private static final CspConfig CONFIG = new CspConfig(CspConfig.DEFAULTS.maxMessageSize(),
            CspConfig.DEFAULTS.sendTimeout(), CspConfig.DEFAULTS.inboxCapacity(), CspConfig.DEFAULTS.outboxCapacity(),
            Duration.ofMillis(200), List.of(), false, CspConfig.DEFAULTS.pingInterval(), CspConfig.DEFAULTS.idleTimeout());

    private final List<Connection> opened = new ArrayList<>();
    private CspApplication application;

    @AfterEach
    void stop() {
        for (Connection connection : opened) {
            ((ConnectionTest.ScriptedPage) connection.page()).finish.countDown();
        }
        if (application != null) {
            application.shutdown();
        }
    }

    @Test
    void spec6_3_anApplicationsRegistryIsFoundByItsLoaderOrALoaderBelowItAndNeverGuessed() throws Exception {
        try (URLClassLoader loaderA = new URLClassLoader(new URL[0], null);
             URLClassLoader loaderB = new URLClassLoader(new URL[0], null);
             URLClassLoader belowA = new URLClassLoader(new URL[0], loaderA);
             URLClassLoader elsewhere = new URLClassLoader(new URL[0], null)) {
            ConnectionRegistry a = ConnectionRegistry.open(loaderA);
            ConnectionRegistry b = ConnectionRegistry.open(loaderB);
            try {
                assertSame(a, callerWith(loaderA, ConnectionRegistry::ofCaller));
                assertSame(a, callerWith(belowA, ConnectionRegistry::ofCaller), "a thread of a page below the application");
                assertSame(b, callerWith(loaderB, ConnectionRegistry::ofCaller));
                assertNull(callerWith(elsewhere, ConnectionRegistry::ofCaller), "several live applications: none guessed");
                assertTrue(ConnectionRegistry.live().containsAll(List.of(a, b)));
            } finally {
                a.close();
                b.close();
            }
            assertTrue(ConnectionRegistry.live().stream().noneMatch(r -> r == a || r == b), "closed: no longer live");
        }
    }

    @Test
    void spec6_3_socketsAreListedByPageClassNameUntilTheyClose() {
        application = new CspApplication("registry-test", ClsPathMapper.of(List.of(ConnectionTest.ScriptedPage.class)),
                CONFIG, getClass().getClassLoader());
        Connection first = open();
        Connection second = open();
        String name = ConnectionTest.ScriptedPage.class.getName();
        ConnectionRegistry registry = application.registry();

        assertEquals(Set.of(first.webSocketId(), second.webSocketId()), registry.ids(name));
        assertEquals(Set.of(first, second), Set.copyOf(registry.connections(name)));
        assertEquals(Set.of(first, second), Set.copyOf(application.connectionsOf(name)));
        assertEquals(Set.of(), registry.ids("no.such.Page"));
        assertEquals(List.of(), registry.connections("no.such.Page"));
        assertSame(first, ConnectionRegistry.findAnywhere(first.webSocketId()));

        first.closeFromServer(CloseReasons.NORMAL, "");
        assertEquals(Set.of(second.webSocketId()), registry.ids(name));
        assertEquals(List.of(second), registry.connections(name));
        assertNull(ConnectionRegistry.findAnywhere(first.webSocketId()), "a closed id is no one's");
        assertNull(ConnectionRegistry.findAnywhere(null));
    }

    @Test
    void aStoppedClusterBindingIsForgottenOnlyIfItIsTheCurrentOne() {
        ConnectionRegistry registry = ConnectionRegistry.open(getClass().getClassLoader());
        try {
            ClusterLink current = new ClusterLink(null, "node-2", Duration.ofSeconds(1));
            ClusterLink earlier = new ClusterLink(null, "node-1", Duration.ofSeconds(1));
            registry.link(current);
            registry.unlink(earlier);
            assertSame(current, registry.link(), "an earlier binding's stop leaves the running one");
            registry.unlink(current);
            assertNull(registry.link());
        } finally {
            registry.close();
        }
    }

    private Connection open() {
        PageDescriptor page = application.mapper().pages().iterator().next();
        HandshakeFacts facts = new HandshakeFacts(Map.of(), Map.of(), null, role -> false, null, "localhost");
        Connection connection = application.newConnection(page, facts, TransientSession.create());
        assertTrue(connection.runPreServer().isOk());
        connection.opened(new InstantTransport(), (code, reason) -> { }, null);
        opened.add(connection);
        return connection;
    }

    private static <T> T callerWith(ClassLoader loader, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
