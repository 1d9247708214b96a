package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.3, nothing left behind: a page whose {@code onPreServer} ran but whose socket has not
 * opened within the send timeout after the upgrade is released by the heartbeat; if the container
 * opens the socket after all, it is closed (1011) without page code and never listed. A socket
 * that opens in time is served as usual.
 */
class HandshakeGraceTest {

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
    void aSocketThatNeverOpensIsReleasedAndALateOpenRunsNoPageCode() {
        // A send timeout of 200 ms is the grace; ticks of a quarter of an hour: the test drives beat().
        CspConfig defaults = CspConfig.DEFAULTS;
        CspConfig config = new CspConfig(defaults.maxMessageSize(), Duration.ofMillis(200), defaults.inboxCapacity(),
                defaults.outboxCapacity(), SHUTDOWN_TIMEOUT, List.of(), false, Duration.ofHours(1), Duration.ofHours(2));
        application = new CspApplication("grace-test", ClsPathMapper.of(List.of(WaitingPage.class)), config,
                getClass().getClassLoader());
        PageDescriptor page = application.mapper().pages().iterator().next();
        Connection late = prepared(page);
        Connection timely = prepared(page);
        AtomicInteger timelyCloses = new AtomicInteger();
        timely.opened(new InstantTransport(), (code, reason) -> timelyCloses.incrementAndGet(), null);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (late.inPreServer() && System.nanoTime() < deadline) {
            application.beat();
            LockSupport.parkNanos(10_000_000);
        }
        assertFalse(late.inPreServer(), "the handshake whose socket never opened was not released within 10 s");
        assertTrue(timely.isOpen(), "a socket that opened in time is left alone");
        assertEquals(0, timelyCloses.get());

        int[] lateClose = new int[1];
        late.opened(new InstantTransport(), (code, reason) -> lateClose[0] = code, null);
        assertEquals(1011, lateClose[0], "a socket that opens after its handshake was released is closed");
        assertFalse(late.isOpen());
        assertEquals(1, application.openConnections(), "only the timely socket is registered");
        assertEquals(List.of(timely.webSocketId()),
                List.copyOf(application.registry().ids(WaitingPage.class)), "only the timely socket is listed");
    }

    private Connection prepared(PageDescriptor page) {
        HandshakeFacts facts = new HandshakeFacts(Map.of(), Map.of(), null, role -> false, null, "localhost");
        Connection connection = application.newConnection(page, facts, TransientSession.create());
        assertTrue(connection.runPreServer().isOk());
        application.awaitOpen(connection);
        return connection;
    }
}
