package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one path by which messages leave a socket (SPEC §4): a queue and a single sender.
 *
 * <p>Any thread may {@linkplain #enqueue enqueue} a message; messages go out one at a time in
 * queue order, so they never interleave and each thread's messages keep their order, and the
 * container never sees two sends at once (which Jakarta answers with
 * {@code IllegalStateException}). No thread is held while a message is on the wire: the
 * enqueuing thread starts the send, and the container's completion callback starts the next.
 * A blocking {@code write} ({@link #send}) that finds the writer idle sends on its own thread
 * where the container allows it (Tomcat), since it waits for the wire anyway; otherwise it is an
 * enqueue followed by a bounded wait on its future.
 *
 * <p>The queue is bounded ({@code capacity} chars or bytes): a slow client cannot make the
 * server buffer without limit. A blocking write waits for room (within its send timeout); an
 * asynchronous write to a full queue is refused (5001) rather than block its caller.
 */
final class SerializedWriter {

    private static final CompletableFuture<CspStatus> CLOSED = CompletableFuture.completedFuture(CspStatus.CLOSED);

    /** The refusal of a message that found the queue full (compared by identity). */
    static final CspStatus QUEUE_FULL = CspStatus.error("send queue full: the client is not reading");

    private static final long CLOCK_SLACK_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    /** The outcome of a send that the container gave up after its send timeout (compared by identity). */
    static final CspStatus TIMED_OUT = CspStatus.error("send did not complete within the send timeout");

    /** Counts the messages sent: the socket's traffic ({@link Traffic}). */
    interface Counter {
        /**
         * One message was sent.
         *
         * @param bytes its bytes (text in UTF-8)
         */
        void sent(long bytes);
    }

    private final Transport transport;
    private final long capacity;
    private final Counter sent;
    private final java.util.function.Consumer<Throwable> onBroken;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();

    // All guarded by lock.
    // Small at first, as the inbox's: an idle socket keeps this array while it is open.
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>(2);
    private long queuedUnits;
    private boolean sending;
    private boolean closed;
    private long sendStartedNanos; // when the message now on the wire was handed to the container
    /**
     * The thread sending a message on its own through {@link Transport#sendNow}, while it does.
     * Written with release stores, not volatile ones: a volatile store is a full fence on x86, two
     * per blocking write, and the one reader ({@link #sendTimedOut}) needs no more than to see
     * the value once it is there (its own thread, during the send, always does).
     */
    @SuppressWarnings("unused") // only through CALLING_THREAD_SENDER
    private volatile Thread callingThreadSender;
    private static final java.lang.invoke.VarHandle CALLING_THREAD_SENDER;

    static {
        try {
            CALLING_THREAD_SENDER = java.lang.invoke.MethodHandles.lookup()
                    .findVarHandle(SerializedWriter.class, "callingThreadSender", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    SerializedWriter(Transport transport, long capacity) {
        this(transport, capacity, bytes -> { }, failure -> { });
    }

    /**
     * @param transport the container's send
     * @param capacity queued chars or bytes before asynchronous writes are refused
     * @param sent counts each message sent successfully, given its bytes (text in UTF-8)
     * @param onBroken called with the failure when a send fails with an I/O error (the connection is
     *        broken), a container's send timeout ({@link java.net.SocketTimeoutException}) included
     */
    SerializedWriter(Transport transport, long capacity, Counter sent,
                     java.util.function.Consumer<Throwable> onBroken) {
        this.transport = transport;
        this.capacity = capacity;
        this.sent = sent;
        this.onBroken = onBroken;
    }

    /**
     * Queues one whole message.
     *
     * @param text the text, or {@code null} for binary
     * @param bytes the bytes, or {@code null} for text
     * @return completes with OK once sent, 7951 if the socket closed first, 5001 if the send
     *         failed or the queue was full
     */
    CompletableFuture<CspStatus> enqueue(String text, byte[] bytes) {
        return enqueue(text, bytes, 0);
    }

    /**
     * Queues one whole message, waiting up to {@code waitNanos} for room in a full queue.
     *
     * @param text the text, or {@code null} for binary
     * @param bytes the bytes, or {@code null} for text
     * @param waitNanos how long to wait for room; 0 refuses at once when full
     * @return as {@link #enqueue(String, byte[])}; on a full queue after the wait, 5001
     */
    CompletableFuture<CspStatus> enqueue(String text, byte[] bytes, long waitNanos) {
        return enqueue(new Outgoing(text, bytes), waitNanos);
    }

    private CompletableFuture<CspStatus> enqueue(Outgoing message, long waitNanos) {
        lock.lock();
        try {
            long remaining = waitNanos;
            while (!closed && !queue.isEmpty() && queuedUnits + message.units() > capacity && remaining > 0) {
                try {
                    remaining = room.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CompletableFuture.completedFuture(CspStatus.error("interrupted while waiting to send"));
                }
            }
            if (closed) {
                return CLOSED;
            }
            if (!queue.isEmpty() && queuedUnits + message.units() > capacity) {
                return CompletableFuture.completedFuture(QUEUE_FULL);
            }
            queue.addLast(message);
            queuedUnits += message.units();
            if (sending) {
                return message.future; // the active sender will reach it
            }
            sending = true;
        } finally {
            lock.unlock();
        }
        pump();
        return message.future;
    }

    /**
     * Sends one whole message for a blocking {@code write} (SPEC §4.3). When nothing is queued or
     * on the wire and the transport {@linkplain Transport#sendsOnCallingThread can}, the message
     * goes out on the calling thread, which waits for the wire anyway: no hand-off to another
     * thread and back. Otherwise it is queued as by {@link #enqueue(String, byte[], long)}.
     *
     * @param text the text, or {@code null} for binary
     * @param bytes the bytes, or {@code null} for text
     * @param waitNanos how long a queued message may wait for room in a full queue
     * @param nowNanos {@link System#nanoTime()} as the write began (the caller reads the clock
     *        for its own deadline; once is enough)
     * @return the message's outcome: complete already when sent on this thread; besides the
     *         statuses of {@link #enqueue}, {@link #TIMED_OUT} when the container's own send
     *         timeout expired
     */
    CompletableFuture<CspStatus> send(String text, byte[] bytes, long waitNanos, long nowNanos) {
        if (!transport.sendsOnCallingThread()) {
            return enqueue(text, bytes, waitNanos);
        }
        Outgoing message = new Outgoing(text, bytes);
        boolean onThisThread;
        lock.lock();
        try {
            onThisThread = !closed && !sending && queue.isEmpty();
            if (onThisThread) {
                // Held as the head, on the wire, exactly as the pump holds a message: writers that
                // come meanwhile queue behind it, the heartbeat sees a stall, close() completes it.
                queue.addLast(message);
                queuedUnits += message.units();
                sending = true;
                message.started = true;
                sendStartedNanos = nowNanos;
            }
        } finally {
            lock.unlock();
        }
        if (!onThisThread) {
            return enqueue(message, waitNanos); // the same message, queued: no second allocation
        }
        Throwable failure;
        CALLING_THREAD_SENDER.setRelease(this, Thread.currentThread());
        try {
            failure = transport.sendNow(message.text, message.text != null ? null : ByteBuffer.wrap(message.bytes));
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            CALLING_THREAD_SENDER.setRelease(this, (Thread) null);
        }
        // One lock region both to take the message off the queue and, when nothing came meanwhile,
        // to end the sender role (the pump would take a second one to find the queue empty).
        boolean wasClosed;
        boolean more;
        lock.lock();
        try {
            wasClosed = dequeueLocked(message);
            more = !closed && !queue.isEmpty();
            if (!more) {
                sending = false;
            }
        } finally {
            lock.unlock();
        }
        settle(message, failure, wasClosed);
        if (more) {
            pump(); // messages queued while this one was on the wire
        }
        return message.future;
    }

    /**
     * Tells a container's own send timeout from any other close. A container that enforces the
     * send timeout itself closes the session when it expires: Tomcat's blocking send reports that
     * close to the endpoint on the sending thread before the send returns; Jetty 12 (the timeout
     * set on its async remote) may report it before it fails the asynchronous send's callback.
     * Asked on that close, this says whether the message on the wire has been there for the send
     * timeout, sent asynchronously or by the calling thread (a blocking send on another thread
     * reports its own close there); if so its outcome becomes {@link #TIMED_OUT}, so the writer
     * gets 5001 (SPEC §4.3), not the 7951 of a client's close.
     *
     * @param timeoutNanos the send timeout
     * @return whether the close being reported is that send's timeout
     */
    boolean sendTimedOut(long timeoutNanos) {
        Thread blockingSender = (Thread) CALLING_THREAD_SENDER.getAcquire(this);
        if (blockingSender != null && blockingSender != Thread.currentThread()) {
            return false;
        }
        Outgoing onTheWire;
        lock.lock();
        try {
            onTheWire = sending ? queue.peekFirst() : null;
            // The container starts its clock after ours: allow for its millisecond clock only.
            if (onTheWire == null || !onTheWire.started
                    || System.nanoTime() - sendStartedNanos < timeoutNanos - CLOCK_SLACK_NANOS) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        onTheWire.future.complete(TIMED_OUT); // the heartbeat may have said so already: still a timeout
        return true;
    }

    /**
     * Queues a keep-alive ping, unless something is queued or on the wire already (then the
     * socket is not idle, and a stuck one is the send timeout's business).
     *
     * @return whether a ping was queued
     */
    boolean pingIfIdle() {
        Outgoing ping = new Outgoing(null, null);
        lock.lock();
        try {
            if (closed || sending || !queue.isEmpty()) {
                return false;
            }
            queue.addLast(ping);
            sending = true;
        } finally {
            lock.unlock();
        }
        pump();
        return true;
    }

    /**
     * How long the message on the wire has been there. The send timeout is enforced here, by the
     * heartbeat, rather than by the container's asynchronous send timeout: on Tomcat that one
     * registers every send with a global timeout checker and starts and stops its background
     * thread as sends come and go.
     *
     * @param now {@link System#nanoTime()}
     * @return nanoseconds since the current send started, or 0 when nothing is on the wire
     */
    long stalledNanos(long now) {
        lock.lock();
        try {
            Outgoing head = queue.peekFirst();
            return sending && head != null && head.started ? now - sendStartedNanos : 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The heartbeat found the message on the wire stalled past the send timeout: its writer is
     * told {@link #TIMED_OUT} (5001, SPEC §4.3) before the close that follows would tell it 7951.
     */
    void timeOutStalledSend() {
        Outgoing head;
        lock.lock();
        try {
            head = sending ? queue.peekFirst() : null;
            if (head == null || !head.started) {
                return;
            }
        } finally {
            lock.unlock();
        }
        head.future.complete(TIMED_OUT);
    }

    /** @return whether a message is queued or being sent */
    boolean isBusy() {
        lock.lock();
        try {
            return sending || !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** @return a text message as its UTF-8 bytes, for pages in binary mode */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Refuses further messages and completes every queued one with 7951, the one on the wire too.
     *
     * <p>A message is handed to the transport when a sender marks it {@code started}, under the
     * lock; this takes the same lock, so what it finds not started is never handed over: it leaves
     * the queue here and the sender, finding the writer closed, stops. A message started before the
     * close counts as on the wire even if the sender's call into the container comes just after it:
     * waiting here for that call could hold a container thread (which closes sockets) on the
     * container's own locks, or the heartbeat on a blocking {@code sendNow} for the send timeout.
     */
    void close() {
        ArrayDeque<Outgoing> dropped = new ArrayDeque<>();
        Outgoing inFlight;
        lock.lock();
        try {
            closed = true;
            room.signalAll();
            // Only a started head is on the wire, its callback still to come. A sender between two
            // sends, or between an enqueue and its pump, holds an unstarted head: that one is only
            // queued (kept here, the pump would have sent it after its writer got 7951).
            Outgoing first = queue.peekFirst();
            Outgoing head = sending && first != null && first.started ? queue.pollFirst() : null;
            inFlight = head;
            dropped.addAll(queue);
            queue.clear();
            queuedUnits = 0;
            if (head != null) {
                queue.addFirst(head);
                queuedUnits = head.units();
            }
        } finally {
            lock.unlock();
        }
        dropped.forEach(message -> message.future.complete(CspStatus.CLOSED));
        if (inFlight != null) {
            // The socket is closed: a message the container had taken may never be reported back
            // (Tomcat drops parts queued behind the close frame), so its writer must not wait for it.
            // A late callback finds the future complete and changes nothing.
            inFlight.future.complete(CspStatus.CLOSED);
        }
    }

    /** Sends queued messages until the queue is empty or a send completes asynchronously. */
    private void pump() {
        while (true) {
            Outgoing next;
            lock.lock();
            try {
                next = queue.peekFirst();
                if (next == null || closed) {
                    // Nothing is started after the close: close() completed whatever is left, and
                    // a started head left here is on the wire, its callback still to come.
                    sending = false;
                    return;
                }
                next.started = true;
                sendStartedNanos = System.nanoTime();
            } finally {
                lock.unlock();
            }
            Completion completion = new Completion(next);
            try {
                if (next.text != null) {
                    transport.sendText(next.text, completion);
                } else if (next.bytes == null) {
                    transport.sendPing(ByteBuffer.allocate(0), completion);
                } else {
                    transport.sendBinary(ByteBuffer.wrap(next.bytes), completion);
                }
            } catch (RuntimeException e) {
                completion.accept(e); // e.g. IllegalStateException from a session closing under us
            }
            if (!completion.senderReturned()) {
                return; // the container completes it later; its callback continues the pump
            }
        }
    }

    /**
     * Whether a failed send was the container's own send timeout. Tomcat and Tyrus report a
     * {@link java.net.SocketTimeoutException}; Jetty 12 its {@code WebSocketTimeoutException} (a
     * {@code RuntimeException} of its own API, so matched by name) or a
     * {@link java.util.concurrent.TimeoutException}, possibly as the cause of another. Jetty also
     * closes the session at once, so without this the writer got 7951 instead of the 5001 that
     * SPEC §4.3 gives a write that outlived the send timeout.
     *
     * @param failure what the container reported
     * @return whether it, or one of its first few causes, is a timeout
     */
    static boolean isTimeout(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.util.concurrent.TimeoutException
                    || cause.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** Called once the container has finished with {@code message}. */
    private void finished(Outgoing message, Throwable failure) {
        boolean wasClosed;
        lock.lock();
        try {
            wasClosed = dequeueLocked(message);
        } finally {
            lock.unlock();
        }
        settle(message, failure, wasClosed);
    }

    /** Takes the finished {@code message} off the queue, under the lock. @return whether the writer is closed */
    private boolean dequeueLocked(Outgoing message) {
        if (queue.peekFirst() == message) {
            queue.pollFirst();
            queuedUnits -= message.units();
            room.signalAll();
        }
        return closed;
    }

    /** Completes a finished message's future with its outcome, counts it, and reports a broken connection. */
    private void settle(Outgoing message, Throwable failure, boolean wasClosed) {
        if (failure == null) {
            if (message.text != null) {
                sent.sent(Utf8.length(message.text)); // a scan, no encoding: the container encodes
            } else if (message.bytes != null) { // pings are not messages
                sent.sent(message.bytes.length);
            }
            message.future.complete(CspStatus.OK);
        } else if (isTimeout(failure) && !wasClosed) {
            // The container gave up first (it may have closed the session already): still a
            // timeout, whatever the session's state now, for the writer to report and act on.
            message.future.complete(TIMED_OUT);
            onBroken.accept(failure);
        } else if (wasClosed || !transport.isOpen() || failure instanceof IllegalStateException) {
            // Sends never overlap here, so a container's IllegalStateException means "session closed"
            // (Jakarta's contract): the client closed while the message was on its way.
            message.future.complete(CspStatus.CLOSED);
        } else {
            message.future.complete(CspStatus.error("send failed: " + failure.getClass().getSimpleName()));
            if (failure instanceof java.io.IOException) {
                // The connection is broken: close it so reads, writes and openIds say so. The failure
                // goes along, so that the container's send timeout is counted as one.
                onBroken.accept(failure);
            }
        }
    }

    /**
     * The callback of one send. Whichever of "the send call returned" and "the send completed"
     * happens second decides who continues the pump, so a container that completes sends on
     * the calling thread does not recurse, and one that completes later does not stall.
     */
    private final class Completion implements java.util.function.Consumer<Throwable> {
        private static final int PENDING = 0;
        private static final int RETURNED = 1;
        private static final int COMPLETED = 2;
        private final Outgoing message;
        private final AtomicInteger state = new AtomicInteger(PENDING);

        Completion(Outgoing message) {
            this.message = message;
        }

        @Override
        public void accept(Throwable failure) {
            finished(message, failure);
            if (!state.compareAndSet(PENDING, COMPLETED)) {
                pump(); // the sender returned already: this callback carries on
            }
        }

        /** @return {@code true} if the send completed already and the sender should carry on */
        boolean senderReturned() {
            return !state.compareAndSet(PENDING, RETURNED);
        }
    }

    /** One queued message. */
    private static final class Outgoing {
        final String text;
        final byte[] bytes;
        final CompletableFuture<CspStatus> future = new CompletableFuture<>();
        boolean started; // handed to the transport (on the wire from then on); guarded by the writer's lock

        Outgoing(String text, byte[] bytes) {
            this.text = text;
            this.bytes = bytes;
        }

        long units() {
            return text != null ? text.length() : bytes != null ? bytes.length : 0;
        }
    }
}
