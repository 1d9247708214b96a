package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.3: the heartbeat decides, but does no blocking I/O itself; and it ends a page whose
 * container reported an error on a closed socket but never called {@code onClose}. A peer whose close frame or
 * ping cannot be written (its buffer is full, it vanished) must not hold the heartbeat, which
 * serves the pings, idle closes and session keep-alives of every other socket.
 */
class HeartbeatIsolationTest {

    /** Sends whose completion never comes, and a ping that blocks as Jakarta's blocking sendPing does. */
    private static final class StalledTransport implements Transport {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch pingStarted = new CountDownLatch(1);

        @Override
        public void sendText(String text, Consumer<Throwable> done) {
        }

        @Override
        public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void sendPing(ByteBuffer payload, Consumer<Throwable> done) {
            pingStarted.countDown();
            await(release);
            done.accept(null);
        }
    }

    private final CountDownLatch closeStarted = new CountDownLatch(1);
    private final CountDownLatch releaseClose = new CountDownLatch(1);
    private final StalledTransport transport = new StalledTransport();
    /**
     * The shutdown's wait for page threads and for the container's report of each closed socket:
     * no container reports a close here, so every shutdown waits this long (was 2 s, 200 ms as in
     * ConnectionTest; nothing here depends on it).
     */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMillis(200);
    private CspApplication application;

    @AfterEach
    void stop() {
        releaseClose.countDown();
        transport.release.countDown();
        if (application != null) {
            application.shutdown();
        }
    }

    @Test
    void anIdleCloseThatBlocksOnItsPeerDoesNotHoldTheHeartbeat() {
        CspConfig config = config(Duration.ofSeconds(60), Duration.ofSeconds(1));
        Connection connection = openedConnection(config);

        // Past the idle timeout: the close is decided now, its frame goes out elsewhere.
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> connection.heartbeat(System.nanoTime() + Duration.ofSeconds(2).toNanos(), config),
                "the heartbeat waited for a close frame that cannot be written");
        assertFalse(connection.isOpen(), "the idle socket is closed at once");
        assertTrue(await(closeStarted), "the close frame is still sent, on another thread");
        assertEquals(1001, connection.closeCode());
    }

    @Test
    void aPingThatBlocksOnItsPeerDoesNotHoldTheHeartbeat() {
        CspConfig config = config(Duration.ofSeconds(1), Duration.ofSeconds(60));
        Connection connection = openedConnection(config);

        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> connection.heartbeat(System.nanoTime() + Duration.ofSeconds(2).toNanos(), config),
                "the heartbeat waited for a ping that cannot be written");
        assertTrue(await(transport.pingStarted), "the silent socket is pinged, on another thread");
        assertTrue(connection.isOpen());
    }

    /** Jetty 12 reports a protocol error on the closed socket, then calls onClose with the code it sent. */
    @Test
    void anErrorOnAClosedSocketLeavesTheCloseCodeToTheContainersOnClose() {
        CspConfig config = config(Duration.ofSeconds(60), Duration.ofSeconds(60));
        Connection connection = openedConnection(config);
        connection.errorOnClosedSocket();
        connection.heartbeat(System.nanoTime(), config);
        assertTrue(connection.isOpen(), "the heartbeat waits for the container's close");

        connection.peerClosed(1007, "");
        connection.heartbeat(System.nanoTime() + Connection.CONTAINER_CLOSE_GRACE_NANOS * 2, config);
        assertEquals(1007, connection.closeCode(), "the page sees the code the container sent");
    }

    /** A container that reports the error but never calls onClose: the page still ends, as for a vanished client. */
    @Test
    void anErrorOnAClosedSocketWithoutACloseEndsThePageWith1006() {
        CspConfig config = config(Duration.ofSeconds(60), Duration.ofSeconds(60));
        Connection connection = openedConnection(config);
        connection.errorOnClosedSocket();
        connection.heartbeat(System.nanoTime() + Connection.CONTAINER_CLOSE_GRACE_NANOS / 2, config);
        assertTrue(connection.isOpen(), "within the grace");

        connection.heartbeat(System.nanoTime() + Connection.CONTAINER_CLOSE_GRACE_NANOS + 1, config);
        assertFalse(connection.isOpen(), "ended after the grace");
        assertEquals(1006, connection.closeCode());
    }

    private static CspConfig config(Duration pingInterval, Duration idleTimeout) {
        CspConfig defaults = CspConfig.DEFAULTS;
        return new CspConfig(defaults.maxMessageSize(), defaults.sendTimeout(), defaults.inboxCapacity(),
                defaults.outboxCapacity(), SHUTDOWN_TIMEOUT, List.of(), false, pingInterval, idleTimeout);
    }

    private Connection openedConnection(CspConfig config) {
        application = new CspApplication("heartbeat-test", ClsPathMapper.of(List.of(WaitingPage.class)), config,
                getClass().getClassLoader());
        PageDescriptor page = application.mapper().pages().iterator().next();
        HandshakeFacts facts = new HandshakeFacts(Map.of(), Map.of(), null, role -> false, null, "localhost");
        Connection connection = application.newConnection(page, facts, TransientSession.create());
        assertTrue(connection.runPreServer().isOk());
        connection.opened(transport, (code, reason) -> {
            closeStarted.countDown();
            await(releaseClose); // a close frame that waits for room in a stalled peer's buffer
        }, null);
        return connection;
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
