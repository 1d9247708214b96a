package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockingInboxTest {

    private static final Duration NOW = Duration.ZERO;
    private static final Duration WAIT = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 10, 11, 100})
    void spec3_1_piecesOfAtMostLenWithAtEndOnTheLast(int len) throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerText("0123456789", true);
        StringBuilder whole = new StringBuilder();
        List<ReadResult> pieces = new ArrayList<>();
        ReadResult piece;
        do {
            piece = inbox.read(len, NOW);
            assertEquals(CspStatus.OK, piece.status());
            assertTrue(piece.data().length() <= len);
            pieces.add(piece);
            whole.append(piece.data());
        } while (!piece.atEnd());
        assertEquals("0123456789", whole.toString());
        assertEquals((10 + len - 1) / len, pieces.size());
        pieces.subList(0, pieces.size() - 1).forEach(p -> assertFalse(p.atEnd()));
    }

    @Test
    void spec3_1_aPieceSpansFragmentsOfOneMessageButNotTheNextMessage() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerText("ab", false);
        inbox.offerText("cd", true);
        inbox.offerText("ef", true);
        ReadResult first = inbox.read(100, NOW);
        assertEquals("abcd", first.data());
        assertTrue(first.atEnd());
        assertEquals("ef", inbox.read(100, NOW).data());
    }

    @Test
    void spec3_1_neverSplitsASurrogatePair() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        String text = "a\uD83D\uDE00b"; // a, U+1F600, b
        inbox.offerText(text, true);
        ReadResult first = inbox.read(2, NOW);
        assertEquals("a", first.data(), "ends one char early rather than split the pair");
        assertEquals("\uD83D\uDE00", inbox.read(2, NOW).data());
        assertEquals("b", inbox.read(2, NOW).data());
    }

    @Test
    void spec3_1_lenOneReturnsTheWholePair() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerText("\uD83D\uDE00\uD83D\uDE01", true);
        assertEquals("\uD83D\uDE00", inbox.read(1, NOW).data());
        ReadResult last = inbox.read(1, NOW);
        assertEquals("\uD83D\uDE01", last.data());
        assertTrue(last.atEnd());
    }

    @Test
    void spec3_2_timeoutReturnsEmptyWith7950AndZeroPolls() {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        ReadResult polled = inbox.read(10, NOW);
        assertEquals(CspStatus.TIMEOUT_CODE, polled.status().code());
        assertEquals("", polled.data());
        long start = System.nanoTime();
        ReadResult waited = inbox.read(10, Duration.ofMillis(100));
        assertTrue(waited.status().isTimeout());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void spec3_2_aReadWaitsForDataThatArrivesLater() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        CompletableFuture<ReadResult> read = parkedIn(() -> inbox.read(10, WAIT));
        inbox.offerText("late", true);
        assertEquals("late", read.get(5, TimeUnit.SECONDS).data());
    }

    @Test
    void spec3_3_afterClientCloseQueuedDataThenClosedForever() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerText("one", true);
        inbox.offerText("two", true);
        inbox.endOfInput();
        assertEquals("one", inbox.read(10, WAIT).data());
        assertEquals("two", inbox.read(10, WAIT).data());
        assertTrue(inbox.read(10, WAIT).status().isClosed());
        assertTrue(inbox.read(10, WAIT).status().isClosed());
    }

    @Test
    void spec3_3_afterTerminateClosedAtOnceEvenWithQueuedData() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerText("dropped", true);
        inbox.terminate();
        assertEquals(CspStatus.CLOSED_CODE, inbox.read(10, WAIT).status().code());
        assertFalse(inbox.offerText("late", true));
    }

    @Test
    void spec3_3_terminateWakesABlockedReader() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        CompletableFuture<ReadResult> read = parkedIn(() -> inbox.read(10, Duration.ofSeconds(60)));
        inbox.terminate();
        assertTrue(read.get(5, TimeUnit.SECONDS).status().isClosed());
    }

    @Test
    void spec3_4_binaryFragmentsCountBytes() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, false);
        inbox.offerBinary(new byte[] {1, 2, 3, 4, 5}, true);
        ReadResult first = inbox.read(3, NOW);
        assertTrue(first.isBinary());
        assertArrayEquals(new byte[] {1, 2, 3}, first.bytes());
        assertFalse(first.atEnd());
        ReadResult rest = inbox.read(3, NOW);
        assertArrayEquals(new byte[] {4, 5}, rest.bytes());
        assertTrue(rest.atEnd());
    }

    @Test
    void spec3_5_offerBlocksWhenFullAndResumesWhenRead() throws Exception {
        BlockingInbox inbox = new BlockingInbox(8, false);
        inbox.offerText("12345678", true); // fills the inbox
        CompletableFuture<Boolean> blocked = parkedIn(() -> offer(inbox, "more"));
        assertFalse(blocked.isDone(), "a full inbox must hold the container thread (back-pressure)");
        assertEquals(8, inbox.queuedUnits());
        assertEquals("12345678", inbox.read(100, NOW).data());
        assertTrue(blocked.get(5, TimeUnit.SECONDS));
        assertEquals("more", inbox.read(100, NOW).data());
    }

    @Test
    void spec3_5_terminateReleasesABlockedOffer() throws Exception {
        BlockingInbox inbox = new BlockingInbox(4, false);
        inbox.offerText("full", true);
        CompletableFuture<Boolean> blocked = parkedIn(() -> offer(inbox, "more"));
        inbox.terminate();
        assertFalse(blocked.get(5, TimeUnit.SECONDS));
    }

    @Test
    void spec3_1_secondConcurrentReaderIsRefused() throws Exception {
        BlockingInbox inbox = new BlockingInbox(16, false);
        CountDownLatch reading = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            reading.countDown();
            inbox.read(10, Duration.ofSeconds(30));
        });
        first.start();
        reading.await();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        IllegalStateException refused = null;
        while (refused == null && System.nanoTime() < deadline) {
            try {
                inbox.read(10, NOW); // succeeds with a timeout until the first reader holds the inbox
                Thread.sleep(5);
            } catch (IllegalStateException e) {
                refused = e;
            }
        }
        assertTrue(refused != null && refused.getMessage().contains("one thread at a time"));
        inbox.terminate();
        first.join(5000);
    }

    @Test
    void spec9_noFramingReturnsWhatHasArrivedAcrossMessages() throws Exception {
        BlockingInbox inbox = new BlockingInbox(1024, true);
        inbox.offerText("ab", true);
        inbox.offerText("cd", true);
        assertEquals("abcd", inbox.read(100, NOW).data());
        inbox.offerText("efgh", true);
        assertEquals("ef", inbox.read(2, NOW).data());
        assertEquals("gh", inbox.read(100, NOW).data());
    }

    // ------------------------------------------------------------------ long waits with a wake-up task

    @Test
    void spec3_2_aLongTimeoutEndsOnTimeThroughTheWakeupTask() throws Exception {
        ScheduledThreadPoolExecutor wakeups = wakeups();
        try {
            BlockingInbox inbox = new BlockingInbox(1024, false, null, wakeups);
            Duration timeout = Duration.ofNanos(BlockingInbox.COARSE_WAIT_NANOS + TimeUnit.MILLISECONDS.toNanos(200));
            long start = System.nanoTime();
            ReadResult result = inbox.read(10, timeout);
            long waited = System.nanoTime() - start;
            assertTrue(result.status().isTimeout(), result.toString());
            assertTrue(waited >= timeout.toNanos(), "returned after " + waited + " ns");
            assertTrue(waited < timeout.toNanos() + TimeUnit.SECONDS.toNanos(2), "returned after " + waited + " ns");
        } finally {
            wakeups.shutdownNow();
        }
    }

    @Test
    void spec3_2_oneWakeupServesManyLongReadsAndIsCancelledAtTheClose() throws Exception {
        ScheduledThreadPoolExecutor wakeups = wakeups();
        try {
            BlockingInbox inbox = new BlockingInbox(1024, false, null, wakeups);
            for (int i = 0; i < 50; i++) {
                String message = "m" + i;
                // Sometimes the reader is parked when the message comes, sometimes it finds it waiting.
                CompletableFuture<ReadResult> read = i % 10 == 0 ? parkedIn(() -> inbox.read(10, WAIT))
                        : CompletableFuture.supplyAsync(() -> inbox.read(10, WAIT));
                inbox.offerText(message, true);
                assertEquals(message, read.get(5, TimeUnit.SECONDS).data());
            }
            assertTrue(wakeups.getQueue().size() <= 1, "one wake-up armed for all the reads");
            inbox.endOfInput();
            assertEquals(0, wakeups.getQueue().size(), "the wake-up is cancelled when the client closes");
            assertTrue(inbox.read(10, WAIT).status().isClosed());
        } finally {
            wakeups.shutdownNow();
        }
    }

    @Test
    void spec3_3_terminateWakesAReaderInALongWait() throws Exception {
        ScheduledThreadPoolExecutor wakeups = wakeups();
        try {
            BlockingInbox inbox = new BlockingInbox(1024, false, null, wakeups);
            CompletableFuture<ReadResult> read = parkedIn(() -> inbox.read(10, Duration.ofHours(1)));
            inbox.terminate();
            assertTrue(read.get(5, TimeUnit.SECONDS).status().isClosed());
            assertEquals(0, wakeups.getQueue().size());
        } finally {
            wakeups.shutdownNow();
        }
    }

    /**
     * Runs {@code call} on a thread of its own and returns once that thread is parked in it (or
     * the call has returned): a condition, not a sleep, for "the reader (or offer) blocks first".
     */
    private static <T> CompletableFuture<T> parkedIn(java.util.function.Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "blocking-call");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!result.isDone() && System.nanoTime() < deadline
                && thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        return result;
    }

    private static boolean offer(BlockingInbox inbox, String text) {
        try {
            return inbox.offerText(text, true);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ScheduledThreadPoolExecutor wakeups() {
        ScheduledThreadPoolExecutor wakeups = new ScheduledThreadPoolExecutor(1);
        wakeups.setRemoveOnCancelPolicy(true);
        return wakeups;
    }
}
