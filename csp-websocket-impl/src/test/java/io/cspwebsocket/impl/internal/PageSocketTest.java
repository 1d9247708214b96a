package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a socket does with the container's message parts before the inbox: the size limit per
 * message (SPEC §3.5, 1009), the bytes counted, a surrogate pair the container split between two
 * parts (§3.1), the copy of a reused buffer, and which socket errors wait for the container's close.
 */
class PageSocketTest {

    private static final long LIMIT = 10;

    private CspApplication application;
    private Connection connection;
    private PageSocket socket;

    @AfterEach
    void stop() {
        if (connection != null) {
            ((ConnectionTest.ScriptedPage) connection.page()).finish.countDown();
        }
        if (application != null) {
            application.shutdown();
        }
    }

    @Test
    void spec3_5_aMessageOverTheLimitClosesWith1009() throws InterruptedException {
        open();
        socket.text("12345", false);
        socket.text("678901", false); // 11 bytes
        assertFalse(connection.isOpen());
        assertEquals(CloseReasons.TOO_BIG, connection.closeCode());
        assertEquals(5, application.statistics().bytesIn(), "the part past the limit is not counted");
    }

    @Test
    void spec3_5_aMessageOfExactlyTheLimitPassesAndEachMessageCountsFromZero() throws InterruptedException {
        open();
        socket.text("12345", false);
        socket.text("67890", true); // exactly 10 bytes
        socket.binary(ByteBuffer.wrap(new byte[10]), true); // the next message counts from zero
        assertTrue(connection.isOpen());
        assertEquals(20, application.statistics().bytesIn());
        assertEquals(20, connection.inbox().queuedUnits());
    }

    @Test
    void spec3_5_textIsMeasuredInUtf8() throws InterruptedException {
        open();
        socket.text("\u00e9\u00e9\u00e9\u00e9\u00e9", true); // 5 chars, 10 bytes
        assertTrue(connection.isOpen());
        socket.text("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", true); // 6 chars, 12 bytes
        assertEquals(CloseReasons.TOO_BIG, connection.closeCode());
    }

    @Test
    void spec3_1_aSurrogatePairSplitBetweenPartsIsKeptWhole() throws InterruptedException {
        open();
        socket.text("a\uD83D", false);
        socket.text("\uDE00b", true);
        assertEquals("a", read(2).data(), "a piece ends before the pair rather than split it");
        assertEquals("\uD83D\uDE00b", read(10).data());
    }

    @Test
    void spec3_1_aHighSurrogateThatEndsAMessageIsNotCarriedIntoTheNext() throws InterruptedException {
        open();
        socket.text("x\uD83D", true);
        socket.text("y", true);
        assertEquals("x\uD83D", read(10).data());
        assertEquals("y", read(10).data());
    }

    @Test
    void aBinaryPartIsCopiedBeforeTheContainerReusesItsBuffer() throws InterruptedException {
        open();
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3});
        socket.binary(buffer, true);
        buffer.clear();
        buffer.put(new byte[] {9, 9, 9});
        assertArrayEquals(new byte[] {1, 2, 3}, read(10).bytes());
    }

    @Test
    void spec8_3_anErrorOnASocketTheContainerClosedEndsThePageIfNoCloseFollows() {
        open();
        socket.failed(new IllegalStateException("protocol error"), false);
        connection.heartbeat(System.nanoTime() + Connection.CONTAINER_CLOSE_GRACE_NANOS + 1, config());
        assertEquals(CloseReasons.ABNORMAL, connection.closeCode());
    }

    @Test
    void spec8_3_afterAnErrorOnAClosedSocketTheContainerHasItsGraceToReportTheClose() {
        open();
        socket.failed(new IllegalStateException("protocol error"), false);
        connection.heartbeat(System.nanoTime(), config());
        assertTrue(connection.isOpen(), "onClose normally follows at once");
        socket.closed(1007, "");
        assertEquals(1007, connection.closeCode(), "the container's own code reaches onPostServer");
    }

    @Test
    void spec8_3_anIoErrorOrAnErrorOnAnOpenSocketWaitsForTheContainer() {
        open();
        socket.failed(new IOException("reset"), false);
        socket.failed(new IllegalStateException("protocol error"), true);
        connection.heartbeat(System.nanoTime() + Connection.CONTAINER_CLOSE_GRACE_NANOS + 1, config());
        assertTrue(connection.isOpen());
    }

    /** A pong, and a message part, is the client speaking: the idle timeout counts from it (SPEC 8.3). */
    @Test
    void spec8_3_aPongOrAMessagePartRestartsTheIdleTimeout() throws InterruptedException {
        open();
        long idle = config().idleTimeout().toNanos();
        long margin = TimeUnit.MILLISECONDS.toNanos(20);

        long pong = afterRealTime(margin);
        socket.pong();
        connection.heartbeat(pong + idle - margin / 2, config());
        assertTrue(connection.isOpen(), "silent for less than the idle timeout since the pong");

        long part = afterRealTime(margin);
        socket.text("x", true);
        assertEquals("x", read(10).data()); // read: no backlog holds the idle timeout off
        connection.heartbeat(part + idle - margin / 2, config());
        assertTrue(connection.isOpen(), "silent for less than the idle timeout since the message");

        connection.heartbeat(System.nanoTime() + idle, config());
        assertEquals(CloseReasons.GOING_AWAY, connection.closeCode());
    }

    @Test
    void spec3_5_thePartsAfterAnOversizedOneAreDropped() throws InterruptedException {
        open();
        socket.text("12345678901", false); // 11 bytes: closed with 1009
        socket.text("more", true); // the rest of that message, in flight when the close went out
        assertEquals(0, application.statistics().bytesIn(), "nothing of it is counted");
        assertEquals(0, application.statistics().messagesIn());
    }

    @Test
    void theContainersCloseEndsThePageWithItsCode() {
        open();
        socket.closed(1001, "going");
        assertFalse(connection.isOpen());
        assertEquals(1001, connection.closeCode());
        assertEquals("going", connection.closeReason());
    }

    /** @return {@link System#nanoTime()} once at least {@code nanos} of real time have passed since the call */
    private static long afterRealTime(long nanos) {
        long start = System.nanoTime();
        long now;
        while ((now = System.nanoTime()) - start < nanos) {
            Thread.onSpinWait();
        }
        return now;
    }

    private ReadResult read(int len) {
        return connection.inbox().read(len, Duration.ZERO);
    }

    private static CspConfig config() {
        CspConfig defaults = CspConfig.DEFAULTS;
        return new CspConfig(LIMIT, Duration.ofSeconds(5), defaults.inboxCapacity(), defaults.outboxCapacity(),
                Duration.ofMillis(200), List.of(), false, Duration.ofHours(1), Duration.ofHours(1));
    }

    private void open() {
        application = new CspApplication("page-socket-test", ClsPathMapper.of(List.of(ConnectionTest.ScriptedPage.class)),
                config(), getClass().getClassLoader());
        PageDescriptor page = application.mapper().pages().iterator().next();
        HandshakeFacts facts = new HandshakeFacts(Map.of(), Map.of(), null, role -> false, null, "localhost");
        connection = application.newConnection(page, facts, TransientSession.create());
        assertTrue(connection.runPreServer().isOk());
        socket = PageSocket.of(connection).open(new InstantTransport(), (code, reason) -> { });
    }
}
