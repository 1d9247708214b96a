package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared-mode inbox (SPEC §2.4, §3.5): whole messages in order, bounded, paused and resumed. */
@Timeout(30) // a lost wake-up hangs an offer: fail, rather than hang the build
class MessageQueueTest {

    private final AtomicInteger available = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();

    private MessageQueue queue(int capacity, FlowControl flow) {
        return new MessageQueue(capacity, available::incrementAndGet, queued::incrementAndGet, flow);
    }

    /** The heartbeat asks on its own thread; the container's thread must still get the lock afterwards. */
    @Test
    void spec8_3_theHeartbeatsBacklogQuestionLeavesTheQueueUsable() throws Exception {
        MessageQueue queue = queue(16, null);
        queue.offerText("a", true);
        assertTrue(CompletableFuture.supplyAsync(queue::backlogged).get(5, TimeUnit.SECONDS));
        CompletableFuture<Boolean> offer = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.offerText("b", true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(offer.get(5, TimeUnit.SECONDS), "the offer got the lock");
    }

    @Test
    void spec3_5_aTerminatedQueueResumesItsPausedSocketAndDropsWhatIsQueued() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        MessageQueue queue = new MessageQueue(4, () -> { }, () -> { }, session.flow());
        queue.offerText("12345", true); // over the capacity: the socket is paused
        assertEquals(1, session.suspends.get(), "a full queue pauses the socket");

        queue.terminate();

        assertEquals(1, session.resumes.get(), "the paused socket is resumed: the container must read the close");
        assertFalse(queue.backlogged(), "nothing queued holds off the idle timeout");
        assertNull(queue.poll(), "what was queued is dropped");
        assertTrue(queue.isDrainedAndClosed());
    }

    @Test
    void anOfferReportsWhetherTheQueueTookTheMessage() throws InterruptedException {
        MessageQueue queue = queue(16, null);
        assertTrue(queue.offerText("a", true));
        assertTrue(queue.offerBinary(new byte[] {1}, true));
        queue.endOfInput();
        assertFalse(queue.offerText("b", true), "after the client's close");
        assertFalse(queue.offerBinary(new byte[] {2}, true));
        assertEquals(2, queued.get(), "only what was taken is announced");

        MessageQueue terminated = queue(16, null);
        terminated.terminate();
        assertFalse(terminated.offerText("c", true), "after the server's close");
    }

    @Test
    void spec2_4_fragmentsBecomeOneWholeMessageInArrivalOrder() throws InterruptedException {
        MessageQueue queue = queue(100, null);
        assertTrue(queue.offerText("Hel", false), "a fragment is taken");
        assertFalse(queue.hasWork(), "a fragment alone is not a message");
        assertEquals(0, queued.get());
        assertTrue(queue.offerBinary(new byte[] {1, 2}, false));
        assertTrue(queue.offerText("lo", true), "the last fragment completes the message");
        assertTrue(queue.offerBinary(new byte[] {3}, true));
        assertTrue(queue.offerText("second", true));
        assertEquals(3, queued.get(), "each whole message is announced once");

        assertTrue(queue.hasWork());
        assertTrue(queue.backlogged());
        assertEquals("Hello", queue.poll().text());
        assertArrayEquals(new byte[] {1, 2, 3}, queue.poll().bytes());
        assertEquals("second", queue.poll().text());
        assertNull(queue.poll());
        assertFalse(queue.hasWork());
        assertFalse(queue.backlogged(), "nothing queued");
    }

    @Test
    void spec2_4_afterTheEndOfInputNothingIsTakenButWhatWasQueuedIsStillHandled() throws InterruptedException {
        MessageQueue queue = queue(100, null);
        assertTrue(queue.offerText("before", true));
        queue.endOfInput();
        assertEquals(1, available.get(), "the dispatcher is told the input closed");

        assertFalse(queue.offerText("after", true), "a message after the close is refused");
        assertFalse(queue.offerBinary("after".getBytes(StandardCharsets.UTF_8), true));
        assertTrue(queue.hasWork(), "the queued message is still to be handled");
        assertFalse(queue.isDrainedAndClosed());
        assertEquals("before", queue.poll().text());
        assertTrue(queue.hasWork(), "then the close itself is the work left");
        assertTrue(queue.isDrainedAndClosed());
    }

    @Test
    void spec3_5_theSocketPausesWhenTheQueueReachesItsCapacityAndResumesAtHalf() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        MessageQueue queue = queue(8, session.flow());
        queue.offerText("123", true);
        queue.offerText("1", true);
        queue.offerText("123", true);
        assertEquals(0, session.suspends.get(), "7 of 8 units: still reading");
        queue.offerText("1", true);
        assertEquals(1, session.suspends.get(), "8 of 8 units: paused");
        queue.offerText("12", true); // the container may deliver the frame in hand
        assertEquals(1, session.suspends.get(), "paused once");

        queue.poll(); // 7 left
        assertEquals(0, session.resumes.get(), "7 of 8 units: still paused");
        queue.poll(); // 6 left
        queue.offerText("", true); // an empty message changes nothing
        queue.poll(); // 3 left: "1" and "12"
        assertEquals(1, session.resumes.get(), "3 of 8: below half, reading again");
        queue.poll();
        queue.poll();
        queue.poll();
        assertEquals(1, session.resumes.get(), "resumed once");
        queue.terminate();
        assertEquals(1, session.resumes.get(), "a socket not paused is not resumed at the end");
    }

    @Test
    void spec3_5_theSocketResumesAtExactlyHalfTheCapacity() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        MessageQueue queue = queue(8, session.flow());
        queue.offerText("123", true);
        queue.offerText("1", true);
        queue.offerText("1234", true);
        assertEquals(1, session.suspends.get(), "8 of 8 units: paused");
        queue.poll();
        assertEquals(0, session.resumes.get(), "5 of 8 units: above half");
        queue.poll();
        assertEquals(1, session.resumes.get(), "4 of 8 units: half, reading again");
    }

    @Test
    void spec3_5_withoutFlowControlAFullQueueBlocksTheContainerThreadUntilAPoll() throws Exception {
        MessageQueue queue = queue(4, null);
        assertTrue(queue.offerText("1234", true));
        CompletableFuture<Boolean> blocked = offerOnAFullQueue(queue, "5");
        assertEquals("1234", queue.poll().text());
        assertTrue(blocked.get(5, TimeUnit.SECONDS), "the poll made room");
        assertEquals("5", queue.poll().text());
    }

    @Test
    void spec3_5_aCloseReleasesAContainerThreadBlockedOnAFullQueue() throws Exception {
        MessageQueue queue = queue(4, null);
        assertTrue(queue.offerText("1234", true));
        CompletableFuture<Boolean> blocked = offerOnAFullQueue(queue, "5");
        queue.endOfInput();
        assertFalse(blocked.get(5, TimeUnit.SECONDS), "released, and the message refused");
    }

    /** Offers {@code text} on another thread, as the container's, and waits until it is blocked in the full queue. */
    private static CompletableFuture<Boolean> offerOnAFullQueue(MessageQueue queue, String text) throws InterruptedException {
        Thread[] offering = new Thread[1];
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            offering[0] = Thread.currentThread();
            try {
                return queue.offerText(text, true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitParked(offering, blocked);
        return blocked;
    }

    /** Waits (bounded) until the offering thread is parked inside the full queue's offer. */
    private static void awaitParked(Thread[] offering, CompletableFuture<Boolean> blocked) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (offering[0] == null || LockSupport.getBlocker(offering[0]) == null) {
            assertFalse(blocked.isDone(), "the offer returned instead of waiting for room");
            assertTrue(System.nanoTime() < deadline, "the offering thread never waited");
            Thread.sleep(5);
        }
        assertFalse(blocked.isDone(), "the offer returned instead of waiting for room");
    }
}
