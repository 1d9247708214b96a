package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §7.3: keeping a session alive costs at most one session write per heartbeat pass per
 * session, however many sockets share it; once its last socket has closed, the session is handed
 * back (released, then restored), not kept alive further; and a failing session store (even with
 * an {@link Error}) stops no heartbeat (§8.3).
 */
class SessionKeepAlivePassTest {

    /** One socket's binding to the shared HTTP session {@code S}: counts what the library asks of it. */
    private static final class CountingSession implements SessionBinding {
        final AtomicInteger keepAlives;
        final AtomicInteger releases;

        CountingSession(AtomicInteger keepAlives, AtomicInteger releases) {
            this.keepAlives = keepAlives;
            this.releases = releases;
        }

        @Override
        public String id() {
            return "S";
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
        }

        @Override
        public void invalidate() {
        }

        volatile boolean failing;

        @Override
        public void keepAlive() {
            keepAlives.incrementAndGet();
            if (failing) {
                throw new AssertionError("a session store that fails with an Error");
            }
        }

        @Override
        public void release() {
            releases.incrementAndGet();
        }

        @Override
        public boolean restoreIfDue() {
            return false; // stays in the restoring set: what matters here is that keep-alive stops
        }

        @Override
        public boolean isHttpSession() {
            return true;
        }
    }

    private final AtomicInteger keepAlives = new AtomicInteger();
    private final AtomicInteger releases = new AtomicInteger();
    /**
     * The shutdown's wait for page threads and for the container's report of each closed socket:
     * no container reports a close here, so every shutdown waits this long (was 2 s, 200 ms as in
     * ConnectionTest; nothing here depends on it).
     */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMillis(200);
    private CspApplication application;

    @AfterEach
    void stop() {
        if (application != null) {
            application.shutdown();
        }
    }

    @Test
    void threeSocketsOfOneSessionCostOneKeepAlivePerPass() {
        // Ticks of a quarter of an hour: the scheduled heartbeat never runs during the test.
        CspConfig defaults = CspConfig.DEFAULTS;
        CspConfig config = new CspConfig(defaults.maxMessageSize(), defaults.sendTimeout(), defaults.inboxCapacity(),
                defaults.outboxCapacity(), SHUTDOWN_TIMEOUT, List.of(), false, Duration.ofHours(1), Duration.ofHours(2));
        application = new CspApplication("keep-alive-test", ClsPathMapper.of(List.of(WaitingPage.class)), config,
                getClass().getClassLoader());
        PageDescriptor page = application.mapper().pages().iterator().next();
        List<Connection> sockets = List.of(open(page), open(page), open(page));
        assertEquals(3, keepAlives.get(), "each socket keeps its session alive once as it opens");

        application.beat();
        assertEquals(4, keepAlives.get(), "one keep-alive per session per pass, not one per socket");
        application.beat();
        assertEquals(5, keepAlives.get());

        sockets.get(0).endServer();
        sockets.get(1).endServer();
        application.beat();
        assertEquals(6, keepAlives.get(), "still kept alive by its last socket");
        assertEquals(0, releases.get(), "not released while a socket is open");

        sockets.get(2).endServer();
        assertEquals(1, releases.get(), "released once, when its last socket closed");
        application.beat();
        assertEquals(6, keepAlives.get(), "no keep-alive after the last socket closed");
    }

    @Test
    void anErrorInAPassIsLoggedAndTheHeartbeatGoesOn() {
        // A tick of 100 ms: the scheduled heartbeat itself must survive the Error.
        CspConfig defaults = CspConfig.DEFAULTS;
        CspConfig config = new CspConfig(defaults.maxMessageSize(), defaults.sendTimeout(), defaults.inboxCapacity(),
                defaults.outboxCapacity(), SHUTDOWN_TIMEOUT, List.of(), false, Duration.ofMillis(400),
                Duration.ofHours(1));
        application = new CspApplication("error-pass-test", ClsPathMapper.of(List.of(WaitingPage.class)), config,
                getClass().getClassLoader());
        PageDescriptor page = application.mapper().pages().iterator().next();
        CountingSession session = new CountingSession(keepAlives, releases);
        open(page, session);
        session.failing = true;
        int before = keepAlives.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (keepAlives.get() < before + 3 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000); // poll the count, do not burn a core
        }
        assertTrue(keepAlives.get() >= before + 3, "the heartbeat stopped after an Error in one of its passes: "
                + (keepAlives.get() - before) + " pass(es) in 10 s");
    }

    private Connection open(PageDescriptor page) {
        return open(page, new CountingSession(keepAlives, releases));
    }

    private Connection open(PageDescriptor page, SessionBinding session) {
        HandshakeFacts facts = new HandshakeFacts(Map.of(), Map.of(), null, role -> false, null, "localhost");
        Connection connection = application.newConnection(page, facts, session);
        assertTrue(connection.runPreServer().isOk());
        connection.opened(new InstantTransport(), (code, reason) -> { }, null);
        return connection;
    }
}
