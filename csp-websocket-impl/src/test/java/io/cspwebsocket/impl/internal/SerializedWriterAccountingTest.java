package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The writer's bookkeeping (SPEC §4): the queue's bound is inclusive and its units are released
 * by every kind of send, the bytes sent are counted, a message on the wire at the close stays
 * there until its callback, the stall the heartbeat measures, an idle ping, and a blocked writer's
 * interrupt.
 */
class SerializedWriterAccountingTest {

    @Test
    void spec4_3_aMessageThatFillsTheQueueExactlyIsTaken() {
        HeldTransport transport = new HeldTransport(false);
        SerializedWriter writer = new SerializedWriter(transport, 10);
        writer.enqueue("abcd", null); // on the wire
        CompletableFuture<CspStatus> exact = writer.enqueue("efghij", null); // 4 + 6 = 10
        assertFalse(exact.isDone(), "queued, not refused");

        long start = System.nanoTime();
        SerializedWriter blocking = new SerializedWriter(new HeldTransport(false), 10);
        blocking.enqueue("abcd", null);
        assertFalse(blocking.enqueue("efghij", null, TimeUnit.SECONDS.toNanos(5)).isDone());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "a message that fits does not wait for room");
    }

    @Test
    void spec4_3_aSentMessageReleasesItsUnits() {
        HeldTransport transport = new HeldTransport(false);
        SerializedWriter writer = new SerializedWriter(transport, 10);
        writer.enqueue("12345678", null);
        transport.pending.get(0).accept(null); // sent: its 8 units are free again
        writer.enqueue("123456789", null); // on the wire: 9 units
        assertFalse(writer.enqueue("x", null).isDone(), "9 + 1 fits in 10");
        assertSame(SerializedWriter.QUEUE_FULL, writer.enqueue("yy", null).getNow(null), "10 + 2 does not");
    }

    @Test
    void spec4_3_aMessageSentOnTheCallingThreadReleasesItsUnits() {
        HeldTransport transport = new HeldTransport(true);
        SerializedWriter writer = new SerializedWriter(transport, 10);
        assertSame(CspStatus.OK, writer.send("abcd", null, 0, System.nanoTime()).getNow(null));
        writer.enqueue("123456789", null); // on the wire (asynchronously): 9 units
        assertSame(SerializedWriter.QUEUE_FULL, writer.enqueue("xx", null).getNow(null), "9 + 2 does not fit in 10");
    }

    @Test
    void sentBytesAreCountedTextInUtf8() {
        HeldTransport transport = new HeldTransport(false);
        Traffic counts = new Traffic(new Metrics(List.of()));
        SerializedWriter writer = new SerializedWriter(transport, 100, counts, failure -> { });
        writer.enqueue("\u00e9t\u00e9", null);
        transport.pending.get(0).accept(null);
        writer.enqueue(null, new byte[7]);
        transport.pending.get(1).accept(null);
        assertEquals(2, counts.get(Traffic.Count.MESSAGES_OUT));
        assertEquals(5 + 7, counts.get(Traffic.Count.BYTES_OUT));
    }

    @Test
    void theMessageOnTheWireAtTheCloseStaysUntilItsCallback() {
        HeldTransport transport = new HeldTransport(false);
        SerializedWriter writer = new SerializedWriter(transport, 100);
        CompletableFuture<CspStatus> onTheWire = writer.enqueue("a", null);
        CompletableFuture<CspStatus> queued = writer.enqueue("b", null);
        writer.close();
        assertSame(CspStatus.CLOSED, onTheWire.getNow(null));
        assertSame(CspStatus.CLOSED, queued.getNow(null));
        assertTrue(writer.isBusy(), "the container still has the first message");
        transport.pending.get(0).accept(null);
        assertFalse(writer.isBusy());
    }

    @Test
    void spec8_3_theStallIsMeasuredFromTheSendsStart() {
        HeldTransport transport = new HeldTransport(false);
        SerializedWriter writer = new SerializedWriter(transport, 100);
        assertEquals(0, writer.stalledNanos(System.nanoTime()), "nothing on the wire");
        writer.enqueue("a", null);
        long stalled = writer.stalledNanos(System.nanoTime());
        assertTrue(stalled >= 0 && stalled < TimeUnit.SECONDS.toNanos(2), "stalled " + stalled);
    }

    @Test
    void spec8_3_aPingGoesOutOnlyOnAnIdleWriter() {
        HeldTransport transport = new HeldTransport(false);
        SerializedWriter writer = new SerializedWriter(transport, 100);
        assertTrue(writer.pingIfIdle());
        assertFalse(writer.pingIfIdle(), "the first ping is still on the wire");
    }

    @Test
    void aWriterInterruptedWhileWaitingForRoomGetsAnErrorAndKeepsTheInterrupt() {
        HeldTransport transport = new HeldTransport(false);
        SerializedWriter writer = new SerializedWriter(transport, 4);
        writer.enqueue("abcd", null);
        Thread.currentThread().interrupt();
        CspStatus status;
        try {
            status = writer.enqueue("efgh", null, TimeUnit.SECONDS.toNanos(5)).getNow(null);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        }
        assertTrue(status.isError(), String.valueOf(status));
        assertFalse(status == SerializedWriter.QUEUE_FULL, "not a full queue: an interrupt");
    }

    @Test
    void aCyclicCauseChainEnds() {
        IllegalStateException first = new IllegalStateException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertFalse(SerializedWriter.isTimeout(first));
    }
}
