package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The blocking write that goes out on the writer's own thread when the writer is idle (Tomcat). */
class SerializedWriterCallingThreadTest {

    /**
     * Sends on the calling thread through {@link #sendNow} (recording the thread, and holding the
     * send while {@link #hold} is closed), and asynchronously on a thread of its own otherwise.
     */
    private static final class CallingThreadTransport implements Transport {
        final List<String> wire = new CopyOnWriteArrayList<>();
        final List<Thread> sendNowThreads = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final CountDownLatch onTheWire = new CountDownLatch(1);
        volatile CountDownLatch hold = new CountDownLatch(0);
        volatile Throwable sendNowFailure;
        /** Runs on the sending thread before the send returns, as Tomcat reports its own close there. */
        volatile Runnable duringSend = () -> { };

        @Override
        public boolean sendsOnCallingThread() {
            return true;
        }

        @Override
        public Throwable sendNow(String text, ByteBuffer bytes) {
            begin();
            sendNowThreads.add(Thread.currentThread());
            onTheWire.countDown();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wire.add(text != null ? text : "<" + bytes.remaining() + " bytes>");
            duringSend.run();
            inFlight.decrementAndGet();
            return sendNowFailure;
        }

        @Override
        public void sendText(String text, Consumer<Throwable> done) {
            begin();
            new Thread(() -> {
                wire.add(text);
                inFlight.decrementAndGet();
                done.accept(null);
            }).start();
        }

        @Override
        public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
            sendText("<" + bytes.remaining() + " bytes>", done);
        }

        @Override
        public void sendPing(ByteBuffer payload, Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        private void begin() {
            if (inFlight.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
        }
    }

    @Test
    void anIdleWriterSendsOnTheCallingThreadAndIsDoneWhenSendReturns() {
        CallingThreadTransport transport = new CallingThreadTransport();
        Traffic counts = new Traffic(new Metrics(List.of()));
        SerializedWriter writer = new SerializedWriter(transport, 1024, counts, failure -> { });

        CompletableFuture<CspStatus> text = writer.send("hello", null, 0, System.nanoTime());
        CompletableFuture<CspStatus> binary = writer.send(null, new byte[3], 0, System.nanoTime());

        assertSame(CspStatus.OK, text.getNow(null), "complete when send returns");
        assertSame(CspStatus.OK, binary.getNow(null));
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), transport.sendNowThreads);
        assertEquals(List.of("hello", "<3 bytes>"), transport.wire);
        assertEquals(2, counts.get(Traffic.Count.MESSAGES_OUT));
        assertFalse(writer.isBusy(), "the sender role ends with the send");
    }

    @Test
    void writesThatComeWhileItIsOnTheWireQueueBehindItInOrder() throws Exception {
        CallingThreadTransport transport = new CallingThreadTransport();
        transport.hold = new CountDownLatch(1);
        SerializedWriter writer = new SerializedWriter(transport, 1024);
        CompletableFuture<CompletableFuture<CspStatus>> first = CompletableFuture.supplyAsync(
                () -> writer.send("first", null, 0, System.nanoTime()));
        assertTrue(transport.onTheWire.await(10, TimeUnit.SECONDS));

        CompletableFuture<CspStatus> second = writer.send("second", null, 0, System.nanoTime()); // busy: queued, not sent here
        CompletableFuture<CspStatus> third = writer.enqueue("third", null);
        assertEquals(null, second.getNow(null), "queued behind the message on the wire");
        assertTrue(writer.stalledNanos(System.nanoTime() + 1) > 0, "the heartbeat sees it on the wire");
        transport.hold.countDown();

        assertSame(CspStatus.OK, first.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
        assertSame(CspStatus.OK, second.get(10, TimeUnit.SECONDS));
        assertSame(CspStatus.OK, third.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("first", "second", "third"), transport.wire);
        assertEquals(1, transport.sendNowThreads.size(), "only the idle writer's message went out on its thread");
        assertEquals(0, transport.overlaps.get(), "sends overlapped");
    }

    @Test
    void theContainersSendTimeoutIsATimeoutAndBreaksTheConnection() {
        CallingThreadTransport transport = new CallingThreadTransport();
        transport.sendNowFailure = new SocketTimeoutException("blocking send timed out");
        AtomicInteger broken = new AtomicInteger();
        SerializedWriter writer = new SerializedWriter(transport, 1024, bytes -> { }, failure -> broken.incrementAndGet());

        assertSame(SerializedWriter.TIMED_OUT, writer.send("stuck", null, 0, System.nanoTime()).getNow(null));
        assertEquals(1, broken.get(), "the connection is closed after a send timeout");
    }

    @Test
    void closeWhileOnTheWireCompletesTheWriteWith7951() throws Exception {
        CallingThreadTransport transport = new CallingThreadTransport();
        transport.hold = new CountDownLatch(1);
        transport.sendNowFailure = new java.io.IOException("closed under the send");
        SerializedWriter writer = new SerializedWriter(transport, 1024);
        CompletableFuture<CompletableFuture<CspStatus>> write = CompletableFuture.supplyAsync(
                () -> writer.send("last", null, 0, System.nanoTime()));
        assertTrue(transport.onTheWire.await(10, TimeUnit.SECONDS));

        writer.close();
        transport.hold.countDown();

        assertSame(CspStatus.CLOSED, write.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
        assertSame(CspStatus.CLOSED, writer.send("after", null, 0, System.nanoTime()).getNow(null));
    }

    @Test
    void aCloseReportedOnTheSendingThreadAfterTheSendTimeoutIsThatSendsTimeout() throws Exception {
        CallingThreadTransport transport = new CallingThreadTransport();
        transport.sendNowFailure = new java.io.IOException("the container closed the session");
        SerializedWriter writer = new SerializedWriter(transport, 1024);
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        transport.duringSend = () -> {
            seen.add(writer.sendTimedOut(TimeUnit.SECONDS.toNanos(60))); // not yet: a real close
            seen.add(writer.sendTimedOut(0));
            try {
                seen.add(CompletableFuture.supplyAsync(() -> writer.sendTimedOut(0)).get()); // other thread
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            writer.close(); // what the connection does next
        };

        assertSame(SerializedWriter.TIMED_OUT, writer.send("stuck", null, 0, System.nanoTime()).getNow(null));
        assertEquals(List.of(false, true, false), seen);
        assertFalse(writer.sendTimedOut(0), "no send on the wire any more");
    }
}
