package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
     * The heartbeat's executor refuses the wake-up task once the application is stopping: the
     * reader then parks with its own timeout, and lets the container in, rather than retrying.
     */
    @Test
    void spec3_2_aLongReadWhoseWakeupIsRefusedParksWithItsOwnTimeout() throws Exception {
        ScheduledThreadPoolExecutor wakeups = wakeups();
        wakeups.shutdown();
        BlockingInbox inbox = new BlockingInbox(1024, false, null, wakeups);
        Parked<ReadResult> read = startParked(() -> inbox.read(10, WAIT));
        assertEquals(Thread.State.TIMED_WAITING, read.thread().getState(), "parked, not retrying with the lock held");
        inbox.offerText("late", true);
        assertEquals("late", read.result().get(5, TimeUnit.SECONDS).data());
    }

    // ------------------------------------------------------------------ an interrupted read

    /**
     * A page thread interrupted in {@code read} (shutdown abandoning it) terminates the inbox as
     * {@link BlockingInbox#terminate()} does. Found by review: it only marked the inbox terminated,
     * so a socket paused for back-pressure was never resumed (the container never read from it
     * again) and its queued units stayed, a backlog the heartbeat took for a busy client, so the
     * idle timeout never fired. Here the container fills the inbox, pausing the socket, between
     * the interrupt and the reader's return.
     */
    @Test
    void spec3_5_anInterruptedReadResumesAPausedSocketAndDropsWhatIsQueued() throws Exception {
        RecordingSession session = new RecordingSession();
        BlockingInbox inbox = new BlockingInbox(4, false, session.flow());
        Parked<ReadResult> reader = startParked(() -> inbox.read(10, Duration.ofSeconds(60)));
        interruptAndThen(inbox, reader.thread(), () -> {
            assertTrue(inbox.offerText("full", true));
            assertEquals(1, session.suspends.get(), "a full inbox pauses the socket");
        });
        assertTrue(reader.result().get(5, TimeUnit.SECONDS).status().isClosed(), "an interrupted read is a close");
        assertAll(
                () -> assertEquals(1, session.resumes.get(), "the paused socket is resumed"),
                () -> assertEquals(0, inbox.queuedUnits(), "queued units are released"),
                () -> assertFalse(inbox.backlogged(), "no backlog holds off the idle timeout"),
                () -> assertFalse(inbox.offerText("late", true), "later fragments are dropped"),
                () -> assertEquals(1, session.suspends.get(), "a dropped fragment pauses nothing"));
        assertTrue(inbox.read(10, NOW).status().isClosed());
    }

    /**
     * Where the container cannot pause a socket, an interrupted read wakes the container thread
     * blocked in {@code offer} on the full inbox, as {@code terminate()} does; before, it stayed
     * blocked (a container request thread lost) until something else terminated the inbox.
     */
    @Test
    void spec3_5_anInterruptedReadReleasesAContainerThreadBlockedInOffer() throws Exception {
        BlockingInbox inbox = new BlockingInbox(4, false);
        Parked<ReadResult> reader = startParked(() -> inbox.read(10, Duration.ofSeconds(60)));
        CompletableFuture<Boolean> container = parkedIn(() -> {
            boolean[] second = new boolean[1];
            try {
                interruptAndThen(inbox, reader.thread(), () -> {
                    assertTrue(inbox.offerText("full", true));
                    // Blocks on the full inbox, which lets the interrupted reader take the lock.
                    second[0] = inbox.offerText("more", true);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return second[0];
        });
        try {
            assertTrue(reader.result().get(5, TimeUnit.SECONDS).status().isClosed(), "an interrupted read is a close");
            Boolean accepted = completesWithin(container, 5, "the container thread is still blocked in offer");
            assertFalse(accepted, "the blocked fragment is dropped");
            assertEquals(0, inbox.queuedUnits(), "queued units are released");
        } finally {
            inbox.terminate(); // frees the container thread if it is still blocked
        }
    }

    /** A call that may throw, for {@link #interruptAndThen}. */
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Interrupts {@code reader}, parked in a read of an empty inbox, and runs {@code meanwhile}
     * before the reader can take the inbox's lock back: a container thread getting in between the
     * interrupt and the reader's return, an order pinned down here by holding the inbox's lock
     * from before the interrupt until the reader has left its wait (interrupted, not signalled)
     * and queued for the lock. The lock is reentrant, so {@code meanwhile} may offer; an offer that
     * blocks lets the reader in.
     */
    private static void interruptAndThen(BlockingInbox inbox, Thread reader, Step meanwhile) throws Exception {
        ReentrantLock lock = (ReentrantLock) privateField(inbox, "lock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        lock.lock();
        try {
            // The reader parks on the inbox itself while it waits for data, without the lock.
            while (LockSupport.getBlocker(reader) != inbox) { // the reader is not in its wait for data yet
                assertTrue(System.nanoTime() < deadline, "the reader never waited for data");
                lock.unlock();
                Thread.onSpinWait();
                lock.lock();
            }
            reader.interrupt();
            while (!lock.hasQueuedThread(reader)) {
                assertTrue(System.nanoTime() < deadline, "the interrupted reader never queued for the lock");
                Thread.onSpinWait();
            }
            meanwhile.run();
        } finally {
            lock.unlock();
        }
    }

    /** @return the inbox's own lock, held above to put threads in order */
    private static Object privateField(BlockingInbox inbox, String name) throws ReflectiveOperationException {
        Field field = BlockingInbox.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(inbox);
    }

    /** @return the future's value, failing with {@code message} if it is not complete within the time given */
    private static <T> T completesWithin(CompletableFuture<T> future, long seconds, String message) throws Exception {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return fail(message + " after " + seconds + " s");
        }
    }

    /** A call running on a thread of its own. */
    private record Parked<T>(Thread thread, CompletableFuture<T> result) {
    }

    /**
     * Runs {@code call} on a thread of its own and returns once that thread is parked in it (or
     * the call has returned): a condition, not a sleep, for "the reader (or offer) blocks first".
     */
    private static <T> CompletableFuture<T> parkedIn(java.util.function.Supplier<T> call) {
        return startParked(call).result();
    }

    /** As {@link #parkedIn}, also giving the thread. */
    private static <T> Parked<T> startParked(java.util.function.Supplier<T> call) {
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
        return new Parked<>(thread, result);
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

    /** A clock that stands still until the test moves it; parked readers are woken on each move. */
    private static final class SteppedClock implements PageClock {
        volatile long now;
        final java.util.Set<Thread> parked = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkUntil(Object blocker, long deadline, long remaining) {
            parked.add(Thread.currentThread());
            try {
                if (now - deadline < 0) {
                    LockSupport.park(blocker);
                }
            } finally {
                parked.remove(Thread.currentThread());
            }
        }

        void advance(Duration by) {
            now += by.toNanos();
            parked.forEach(LockSupport::unpark);
        }
    }

    @Test
    void spec3_2_aReadTimeoutIsMeasuredOnTheInboxsClock() throws Exception {
        SteppedClock clock = new SteppedClock();
        BlockingInbox inbox = new BlockingInbox(1024, false, null, null, clock);
        CompletableFuture<ReadResult> read = CompletableFuture.supplyAsync(() -> inbox.read(10, Duration.ofSeconds(10)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (clock.parked.isEmpty()) {
            assertTrue(System.nanoTime() - deadline < 0, "the reader never parked on the clock");
            LockSupport.parkNanos(100_000);
        }
        clock.advance(Duration.ofSeconds(10).minusNanos(1));
        inbox.offerText("x", true); // had the time-out fired at 10 s - 1 ns, the read would not see this
        assertEquals("x", read.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).data());

        CompletableFuture<ReadResult> second = CompletableFuture.supplyAsync(() -> inbox.read(10, Duration.ofSeconds(10)));
        while (clock.parked.isEmpty()) {
            assertTrue(System.nanoTime() - deadline < 0, "the second reader never parked on the clock");
            LockSupport.parkNanos(100_000);
        }
        clock.advance(Duration.ofSeconds(10));
        assertTrue(second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).status().isTimeout());
    }
}
