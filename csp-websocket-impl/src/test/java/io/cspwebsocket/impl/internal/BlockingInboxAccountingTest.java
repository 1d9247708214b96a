package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The inbox's bookkeeping, as its callers rely on it: what an offer reports, the units released
 * by every kind of read (the heartbeat takes queued units for a page that is behind, §8.3), a read
 * that waits for the rest of its message (§3.1), an empty fragment (what is left of a part that was
 * only a carried high surrogate), the interrupt of an abandoned page thread, and the paused flag.
 */
class BlockingInboxAccountingTest {

    private static final Duration NOW = Duration.ZERO;

    @Test
    void anOfferReportsWhetherTheInboxTookTheFragment() throws InterruptedException {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        assertTrue(inbox.offerText("a", true));
        assertTrue(inbox.offerBinary(new byte[] {1}, true));
        inbox.endOfInput();
        assertFalse(inbox.offerText("b", true), "after the client's close");
        assertFalse(inbox.offerBinary(new byte[] {2}, true));

        BlockingInbox terminated = new BlockingInbox(1024, false);
        terminated.terminate();
        assertFalse(terminated.offerBinary(new byte[] {3}, true), "after the server's close");
    }

    @Test
    void spec8_3_aWholeMessageReadReleasesItsUnits() throws InterruptedException {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerText("abc", true);
        assertEquals(3, inbox.queuedUnits());
        assertTrue(inbox.backlogged(), "unread data: the page is behind");
        assertEquals("abc", inbox.read(10, NOW).data());
        assertEquals(0, inbox.queuedUnits());
        assertFalse(inbox.backlogged());
    }

    @Test
    void spec8_3_aMessageReadFromItsFragmentsReleasesItsUnits() throws InterruptedException {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerText("ab", false);
        inbox.offerText("cd", true);
        ReadResult read = inbox.read(10, NOW);
        assertEquals("abcd", read.data());
        assertTrue(read.atEnd());
        assertEquals(0, inbox.queuedUnits());
    }

    @Test
    void spec3_1_anEmptyFragmentDoesNotEndThePiece() throws InterruptedException {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerText("", false); // a part that was only a high surrogate, carried to the next
        inbox.offerText("xy", true);
        ReadResult read = inbox.read(10, NOW);
        assertEquals("xy", read.data());
        assertTrue(read.atEnd());
    }

    @Test
    void spec3_1_aReadWaitsForTheRestOfItsMessage() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerText("ab", false);
        AtomicReference<Thread> reader = new AtomicReference<>();
        CompletableFuture<ReadResult> read = CompletableFuture.supplyAsync(() -> {
            reader.set(Thread.currentThread());
            return inbox.read(10, Duration.ofSeconds(10));
        });
        awaitParked(reader);
        inbox.offerText("cd", true);
        ReadResult result = read.get(5, TimeUnit.SECONDS);
        assertEquals("abcd", result.data(), "not the first fragment alone");
        assertTrue(result.atEnd());
    }

    @Test
    void anInterruptedReaderSeesTheSocketClosedAndKeepsItsInterrupt() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        AtomicReference<Thread> reader = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        CompletableFuture<ReadResult> read = CompletableFuture.supplyAsync(() -> {
            reader.set(Thread.currentThread());
            try {
                return inbox.read(10, Duration.ofSeconds(10));
            } finally {
                stillInterrupted.set(Thread.interrupted()); // clears it: the pool's thread lives on
            }
        });
        awaitParked(reader);
        reader.get().interrupt();
        assertTrue(read.get(5, TimeUnit.SECONDS).status().isClosed());
        assertTrue(stillInterrupted.get(), "shutdown's interrupt is left for the page to see");
    }

    @Test
    void spec3_5_pausedSaysWhetherTheSocketIsPaused() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        BlockingInbox inbox = new BlockingInbox(4, false, session.flow());
        assertFalse(inbox.paused());
        inbox.offerText("abcd", true);
        assertTrue(inbox.paused());
        inbox.read(10, NOW);
        assertFalse(inbox.paused());
    }

    @Test
    void spec3_5_aPausedSocketResumesWhenHalfTheCapacityIsLeft() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        BlockingInbox inbox = new BlockingInbox(4, false, session.flow());
        for (String message : new String[] {"a", "b", "c", "d"}) {
            inbox.offerText(message, true);
        }
        assertTrue(inbox.paused());
        inbox.read(10, NOW);
        assertTrue(inbox.paused(), "3 of 4 left: still paused");
        inbox.read(10, NOW);
        assertFalse(inbox.paused(), "2 of 4 left: resumed");
        assertEquals(1, session.resumes.get());
    }

    /** Waits until the reader has parked in the inbox (it published itself before parking). */
    private static void awaitParked(AtomicReference<Thread> reader) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Thread thread = reader.get();
            if (thread != null && (thread.getState() == Thread.State.WAITING
                    || thread.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the reader never parked");
    }
}
