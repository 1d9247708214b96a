package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SerializedWriterTest {

    /** Transports under test treat a ping as an empty binary message, and stay open. */
    private abstract static class TestTransport implements Transport {
        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void sendPing(ByteBuffer payload, Consumer<Throwable> done) {
            sendBinary(payload, done);
        }
    }

    /** Completes each send later on another thread, and fails if two sends overlap. */
    private static final class AsyncTransport extends TestTransport {
        final ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final ExecutorService completer = Executors.newSingleThreadExecutor();

        @Override
        public void sendText(String text, Consumer<Throwable> done) {
            if (inFlight.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            completer.execute(() -> {
                sent.add(text);
                inFlight.decrementAndGet();
                done.accept(null);
            });
        }

        @Override
        public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
            sendText("<" + bytes.remaining() + " bytes>", done);
        }
    }

    /** Completes every send on the calling thread, before returning. */
    private static final class SyncTransport extends TestTransport {
        final List<String> sent = new ArrayList<>();

        @Override
        public void sendText(String text, Consumer<Throwable> done) {
            sent.add(text);
            done.accept(null);
        }

        @Override
        public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
            done.accept(null);
        }
    }

    @Test
    void spec4_2_concurrentWritersNeverOverlapAndKeepPerThreadOrder() throws Exception {
        AsyncTransport transport = new AsyncTransport();
        SerializedWriter writer = new SerializedWriter(transport, Long.MAX_VALUE);
        int threads = 50;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<CspStatus>> all = new ArrayList<>();
        List<CompletableFuture<List<CompletableFuture<CspStatus>>>> perWriter = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            perWriter.add(CompletableFuture.supplyAsync(() -> {
                List<CompletableFuture<CspStatus>> mine = new ArrayList<>();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perThread; i++) {
                    mine.add(writer.enqueue(thread + ":" + i, null));
                }
                return mine;
            }, pool));
        }
        go.countDown();
        for (var futures : perWriter) {
            all.addAll(futures.get(10, TimeUnit.SECONDS));
        }
        for (var status : all) {
            assertEquals(CspStatus.OK, status.get(10, TimeUnit.SECONDS));
        }
        assertEquals(0, transport.overlaps.get(), "two sends were on the wire at once");
        assertEquals(threads * perThread, transport.sent.size());
        int[] next = new int[threads];
        for (String message : transport.sent) {
            String[] parts = message.split(":");
            int thread = Integer.parseInt(parts[0]);
            assertEquals(next[thread]++, Integer.parseInt(parts[1]), "order of thread " + thread);
        }
        pool.shutdownNow();
        transport.completer.shutdownNow();
    }

    @Test
    void synchronousCompletionDoesNotRecurse() throws Exception {
        SyncTransport transport = new SyncTransport();
        SerializedWriter writer = new SerializedWriter(transport, Long.MAX_VALUE);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(CspStatus.OK, writer.enqueue("m" + i, null).getNow(null));
        }
        assertEquals(100_000, transport.sent.size());
    }

    @Test
    void spec4_3_afterCloseWritesReturn7951AndQueuedOnesToo() throws Exception {
        HeldTransport stalled = new HeldTransport();
        List<Consumer<Throwable>> pending = stalled.pending;
        SerializedWriter writer = new SerializedWriter(stalled, Long.MAX_VALUE);
        CompletableFuture<CspStatus> onTheWire = writer.enqueue("first", null);
        CompletableFuture<CspStatus> queued = writer.enqueue("second", null);
        writer.close();
        assertEquals(CspStatus.CLOSED, queued.getNow(null));
        assertEquals(CspStatus.CLOSED, onTheWire.getNow(null), "a writer never waits on a closed socket");
        pending.get(0).accept(new java.io.IOException("closed")); // a late callback changes nothing
        assertEquals(CspStatus.CLOSED, onTheWire.getNow(null));
        assertEquals(CspStatus.CLOSED, writer.enqueue("late", null).getNow(null));
        assertEquals(1, pending.size(), "nothing is sent after close");
    }

    /**
     * A send fails with an I/O error and the connection closes on the container's callback thread
     * ({@code onBroken}, as {@code Connection.sendFailed} does), after the failed message left the
     * queue and before the pump turns to the next one: that next one, answered 7951 by the close,
     * must not be handed to the transport afterwards (found by review: it was, as if on the wire).
     */
    @Test
    void spec4_3_aMessageQueuedAtACloseByAFailedSendNeverReachesTheWire() {
        HeldTransport held = new HeldTransport();
        AtomicReference<SerializedWriter> closeOnBroken = new AtomicReference<>();
        SerializedWriter writer = new SerializedWriter(held, Long.MAX_VALUE, bytes -> { },
                failure -> closeOnBroken.get().close());
        closeOnBroken.set(writer);
        CompletableFuture<CspStatus> failing = writer.enqueue("first", null);
        CompletableFuture<CspStatus> queued = writer.enqueue("second", null);
        held.pending.get(0).accept(new java.io.IOException("broken pipe")); // closes the writer on this thread

        assertEquals(CspStatus.GENERAL_ERROR_CODE, failing.getNow(null).code());
        assertEquals(CspStatus.CLOSED, queued.getNow(null), "a message not on the wire at the close gets 7951");
        // Everything ran on this thread, so the transport's list is final: no wait needed.
        assertEquals(1, held.pending.size(), "a message answered 7951 was handed to the transport after the close");
        assertFalse(writer.isBusy(), "nothing is queued or on the wire after the close");
    }

    /**
     * The same window reached by a close from anywhere else: here a dependent of the first
     * message's future, which runs on the completing thread between the first send's end and the
     * pump's turn to the next message, the spot where another thread's close can land.
     */
    @Test
    void spec4_3_aCloseBetweenTwoSendsHandsNothingMoreToTheTransport() {
        HeldTransport held = new HeldTransport();
        SerializedWriter writer = new SerializedWriter(held, Long.MAX_VALUE);
        CompletableFuture<CspStatus> first = writer.enqueue("first", null);
        CompletableFuture<CspStatus> second = writer.enqueue("second", null);
        CompletableFuture<CspStatus> third = writer.enqueue("third", null);
        first.thenRun(writer::close);
        held.pending.get(0).accept(null);

        assertEquals(CspStatus.OK, first.getNow(null));
        assertEquals(CspStatus.CLOSED, second.getNow(null));
        assertEquals(CspStatus.CLOSED, third.getNow(null));
        assertEquals(1, held.pending.size(), "a message answered 7951 was handed to the transport after the close");
        assertFalse(writer.isBusy(), "nothing is queued or on the wire after the close");
        assertEquals(CspStatus.CLOSED, writer.enqueue("late", null).getNow(null));
        assertEquals(1, held.pending.size());
    }

    @Test
    void spec4_3_aSendTheHeartbeatFindsStalledIsATimeoutNotAClose() {
        HeldTransport stalled = new HeldTransport();
        List<Consumer<Throwable>> pending = stalled.pending;
        SerializedWriter writer = new SerializedWriter(stalled, Long.MAX_VALUE);
        CompletableFuture<CspStatus> onTheWire = writer.enqueue("first", null);
        CompletableFuture<CspStatus> queued = writer.enqueue("second", null);
        assertTrue(writer.stalledNanos(System.nanoTime() + 1) > 0);
        writer.timeOutStalledSend();
        writer.close(); // what the heartbeat does next
        assertSame(SerializedWriter.TIMED_OUT, onTheWire.getNow(null), "the stalled send's writer gets 5001");
        assertEquals(CspStatus.CLOSED, queued.getNow(null), "a message never sent gets 7951");
    }

    @Test
    void spec4_3_failedSendIsAGeneralError() {
        Transport failing = new TestTransport() {
            @Override
            public void sendText(String text, Consumer<Throwable> done) {
                done.accept(new java.io.IOException("broken pipe"));
            }

            @Override
            public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
                throw new UnsupportedOperationException("refused");
            }
        };
        SerializedWriter writer = new SerializedWriter(failing, Long.MAX_VALUE);
        CspStatus text = writer.enqueue("x", null).getNow(null);
        assertEquals(CspStatus.GENERAL_ERROR_CODE, text.code());
        CspStatus binary = writer.enqueue(null, new byte[] {1}).getNow(null);
        assertEquals(CspStatus.GENERAL_ERROR_CODE, binary.code(), "a throwing send is reported, not thrown");
    }

    @Test
    void spec4_3_aSessionClosedUnderTheSendIs7951() {
        Transport closing = new TestTransport() {
            @Override
            public void sendText(String text, Consumer<Throwable> done) {
                throw new IllegalStateException("the session has been closed");
            }

            @Override
            public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
                done.accept(new IllegalStateException("the session has been closed"));
            }
        };
        SerializedWriter writer = new SerializedWriter(closing, Long.MAX_VALUE);
        assertEquals(CspStatus.CLOSED, writer.enqueue("x", null).getNow(null));
        assertEquals(CspStatus.CLOSED, writer.enqueue(null, new byte[] {1}).getNow(null));
    }

    @Test
    void spec4_4_fullQueueRefusesFurtherMessages() {
        HeldTransport stalled = new HeldTransport();
        List<Consumer<Throwable>> pending = stalled.pending;
        SerializedWriter writer = new SerializedWriter(stalled, 10);
        CompletableFuture<CspStatus> first = writer.enqueue("0123456789", null);
        CspStatus refused = writer.enqueue("x", null).getNow(null);
        assertTrue(refused.isError() && !refused.isClosed(), refused.toString());
        pending.get(0).accept(null);
        assertEquals(CspStatus.OK, first.getNow(null));
        assertFalse(writer.enqueue("y", null).isDone(), "space again once the first went out");
    }

    @Test
    void spec8_3_pingsOnlyAnIdleWriter() {
        HeldTransport stalled = new HeldTransport();
        List<Consumer<Throwable>> pending = stalled.pending;
        SerializedWriter writer = new SerializedWriter(stalled, Long.MAX_VALUE);
        assertTrue(writer.pingIfIdle());
        assertFalse(writer.pingIfIdle(), "the first ping is still on the wire");
        pending.get(0).accept(null);
        CompletableFuture<CspStatus> message = writer.enqueue("m", null);
        assertFalse(writer.pingIfIdle(), "a message is on the wire");
        pending.get(1).accept(null);
        assertEquals(CspStatus.OK, message.getNow(null));
        assertTrue(writer.pingIfIdle());
        writer.close();
        assertFalse(writer.pingIfIdle());
    }

    @Test
    void spec4_2_aBlockingWriteWaitsForRoomInsteadOfBeingRefused() throws Exception {
        HeldTransport stalled = new HeldTransport();
        List<Consumer<Throwable>> pending = stalled.pending; // completed from this thread, added from another
        SerializedWriter writer = new SerializedWriter(stalled, 10);
        CompletableFuture<CspStatus> first = writer.enqueue("0123456789", null);
        CompletableFuture<CompletableFuture<CspStatus>> waiting = new CompletableFuture<>();
        Thread blocked = new Thread(() -> waiting.complete(writer.enqueue("second", null, TimeUnit.SECONDS.toNanos(10))),
                "blocking-write");
        blocked.setDaemon(true);
        blocked.start();
        // Seen parked on the writer's condition for room, not merely "not done yet": a writer that
        // refused at once, or a thread that had not started, would not pass this.
        Object room = writerField(writer, "room");
        long parkDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (LockSupport.getBlocker(blocked) != room) {
            assertFalse(waiting.isDone(), "the blocking write returned instead of waiting for room: " + waiting.getNow(null));
            assertTrue(System.nanoTime() < parkDeadline, "the blocking write never waited for room");
            Thread.sleep(1);
        }
        assertFalse(waiting.isDone(), "the blocking write waits for room");
        pending.get(0).accept(null);
        CompletableFuture<CspStatus> second = waiting.get(5, TimeUnit.SECONDS);
        assertEquals(CspStatus.OK, first.getNow(null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pending.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        pending.get(1).accept(null);
        assertEquals(CspStatus.OK, second.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aBlockingWriteThatFindsNoRoomInTimeIsRefused() {
        Transport stalled = new TestTransport() {
            @Override
            public void sendText(String text, Consumer<Throwable> done) {
            }

            @Override
            public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
            }
        };
        SerializedWriter writer = new SerializedWriter(stalled, 10);
        writer.enqueue("0123456789", null);
        assertTrue(writer.enqueue("x", null, TimeUnit.MILLISECONDS.toNanos(50)).getNow(null) == SerializedWriter.QUEUE_FULL);
    }

    @Test
    void spec4_3_aStalledSendIsVisibleToTheHeartbeat() throws Exception {
        HeldTransport stalled = new HeldTransport();
        List<Consumer<Throwable>> pending = stalled.pending;
        SerializedWriter writer = new SerializedWriter(stalled, Long.MAX_VALUE);
        assertEquals(0, writer.stalledNanos(System.nanoTime()));
        writer.enqueue("stuck", null);
        Thread.sleep(20);
        assertTrue(writer.stalledNanos(System.nanoTime()) >= TimeUnit.MILLISECONDS.toNanos(20));
        pending.get(0).accept(null);
        assertEquals(0, writer.stalledNanos(System.nanoTime()));
    }

    /**
     * The container's send timeout fails a send with a SocketTimeoutException: the write is 5001
     * and the connection gets the failure itself, so that it counts a send timeout (found by the
     * reliability suite: the MBean's SendTimeouts missed sockets written with writeAsync only).
     */
    @Test
    void spec4_3_aContainerSendTimeoutReachesTheConnectionAsSuch() {
        List<Throwable> broken = new ArrayList<>();
        Transport timedOut = new TestTransport() {
            @Override
            public void sendText(String text, Consumer<Throwable> done) {
                done.accept(new java.net.SocketTimeoutException());
            }

            @Override
            public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
                done.accept(new java.io.EOFException());
            }
        };
        SerializedWriter writer = new SerializedWriter(timedOut, Long.MAX_VALUE, bytes -> { }, broken::add);
        assertEquals(CspStatus.GENERAL_ERROR_CODE, writer.enqueue("x", null).getNow(null).code());
        assertEquals(CspStatus.GENERAL_ERROR_CODE, writer.enqueue(null, new byte[] {1}).getNow(null).code());
        assertEquals(2, broken.size());
        assertTrue(broken.get(0) instanceof java.net.SocketTimeoutException, "the timeout is passed on as such");
        assertTrue(broken.get(1) instanceof java.io.EOFException);
    }

    /**
     * Jetty 12 may report the close it makes when its own send timeout expires before it fails the
     * send: asked on that close, the writer names an asynchronous send that has been on the wire
     * for the send timeout as timed out (5001), and nothing else: not a send that is younger than
     * the timeout, not a queued one, not after the send completed.
     */
    @Test
    void spec4_3_aCloseAfterAnAsynchronousSendOutlivedTheTimeoutIsThatSendsTimeout() throws Exception {
        HeldTransport transport = new HeldTransport();
        SerializedWriter writer = new SerializedWriter(transport, Long.MAX_VALUE);
        assertFalse(writer.sendTimedOut(0), "nothing on the wire");

        CompletableFuture<CspStatus> onTheWire = writer.enqueue("stuck", null);
        CompletableFuture<CspStatus> queued = writer.enqueue("behind", null);
        assertEquals(1, transport.pending.size(), "one message on the wire, one queued");
        assertFalse(writer.sendTimedOut(TimeUnit.SECONDS.toNanos(60)), "younger than the timeout: a real close");
        assertFalse(onTheWire.isDone());

        assertTrue(writer.sendTimedOut(0)); // a timeout of 0 has passed at once: no waiting needed
        assertSame(SerializedWriter.TIMED_OUT, onTheWire.getNow(null));
        writer.close(); // what the connection does next
        assertSame(CspStatus.CLOSED, queued.getNow(null), "the queued message was never sent: 7951");
        transport.pending.get(0).accept(new java.io.IOException("late failure")); // changes nothing
        assertSame(SerializedWriter.TIMED_OUT, onTheWire.getNow(null));
        assertFalse(writer.sendTimedOut(0), "the writer is closed, nothing on the wire");
    }

    /** @return one of the writer's private fields (its condition for room, to see who waits on it) */
    private static Object writerField(SerializedWriter writer, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = SerializedWriter.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(writer);
    }
}
