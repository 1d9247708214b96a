package io.cspwebsocket.test;

import io.cspwebsocket.impl.internal.PageSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The client end of one socket to a page opened by a {@link CspTestRuntime}: what a browser's
 * {@code WebSocket} does, in memory. Sends go straight into the page's inbox (or its
 * {@code onClientMessage}); the page's writes arrive here, in order, as whole messages.
 *
 * <p>Waiting methods ({@code receive}, {@code awaitClose}, {@code awaitPostServer}) wait in
 * real time, up to {@link #DEFAULT_WAIT} unless given a limit, for the page's thread to act;
 * they fail with an {@link AssertionError} when it does not. They never move the
 * {@link TestClock}.
 *
 * <p>Sends return at once, like a browser's {@code send}: the frames reach the page in order, on a
 * thread of the socket's own (a container's I/O thread), so page code never runs on the test's
 * thread. Meant for one test thread; sends from several threads at once are serialized.
 */
public final class PageClient {

    /** How long the waiting methods wait when given no limit. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    /** Between two looks at whether the page is reading: short, a page gets there in microseconds. */
    private static final long POLL_NANOS = 200_000;

    private final MemoryWire wire;
    private final PageSocket socket;
    private final String webSocketId;
    private final String subprotocol;
    private final CompletableFuture<Void> pageEnded;
    private final TestSession session;
    private final TestClock clock;
    /** Set when the client closes or drops the socket: it sends nothing more. */
    private volatile boolean closing;

    PageClient(MemoryWire wire, PageSocket socket, String subprotocol, CompletableFuture<Void> pageEnded,
               TestSession session, TestClock clock) {
        this.clock = clock;
        this.wire = wire;
        this.socket = socket;
        this.webSocketId = socket.connection().webSocketId();
        this.subprotocol = subprotocol;
        this.pageEnded = pageEnded;
        this.session = session;
    }

    /** @return the socket's WebSocket id, as the page's {@code getWebSocketId()} returns it */
    public String webSocketId() {
        return webSocketId;
    }

    /** @return the subprotocol the handshake selected (SPEC §8.1), or {@code ""} */
    public String subprotocol() {
        return subprotocol;
    }

    /** @return the id of the session the page was bound to (its {@code getSessionId()}) */
    public String sessionId() {
        return session.id();
    }

    /**
     * @param name an attribute name
     * @return the session attribute as the page left it, or {@code null}
     */
    public Object sessionAttribute(String name) {
        return session.getAttribute(name);
    }

    /** @return whether the session was ended ({@code SessionEndOnClose}, SPEC §7.2) */
    public boolean sessionEnded() {
        return session.invalidated();
    }

    /** @return whether the socket is still open (neither side has closed it) */
    public boolean isOpen() {
        return wire.isOpen();
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends one whole text message.
     *
     * @param text the message
     * @throws IllegalStateException if the socket is closed
     */
    public void sendText(String text) {
        sendText(text, true);
    }

    /**
     * Sends a fragment of a text message (RFC 6455 §5.4); the message ends with the fragment
     * whose {@code last} is {@code true}. A fragment may end in half a surrogate pair.
     *
     * @param fragment the characters of this fragment
     * @param last whether it ends the message
     * @throws IllegalStateException if the socket is closed
     */
    public synchronized void sendText(String fragment, boolean last) {
        Objects.requireNonNull(fragment, "fragment");
        requireOpen();
        wire.fromClient(() -> socket.text(fragment, last));
    }

    /**
     * Sends one whole binary message.
     *
     * @param bytes the message (copied)
     * @throws IllegalStateException if the socket is closed
     */
    public void sendBinary(byte[] bytes) {
        sendBinary(bytes, true);
    }

    /**
     * Sends a fragment of a binary message; the message ends with the fragment whose
     * {@code last} is {@code true}.
     *
     * @param fragment the bytes of this fragment (copied)
     * @param last whether it ends the message
     * @throws IllegalStateException if the socket is closed
     */
    public synchronized void sendBinary(byte[] fragment, boolean last) {
        Objects.requireNonNull(fragment, "fragment");
        requireOpen();
        ByteBuffer copy = ByteBuffer.wrap(fragment.clone());
        wire.fromClient(() -> socket.binary(copy, last));
    }

    private void requireOpen() {
        if (closing || !wire.isOpen()) {
            throw new IllegalStateException("socket " + webSocketId + " is closed"
                    + wire.closed().thenApply(status -> " with " + status).getNow(" (closing)"));
        }
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Waits up to {@link #DEFAULT_WAIT} for the page's next message.
     *
     * @return the message
     * @throws AssertionError if none arrives in time
     */
    public ReceivedMessage receive() {
        return receive(DEFAULT_WAIT);
    }

    /**
     * Waits for the page's next message.
     *
     * @param limit the longest real time to wait
     * @return the message
     * @throws AssertionError if none arrives in time (the assertion says whether the socket closed)
     */
    public ReceivedMessage receive(Duration limit) {
        return nextMessage(limit).orElseThrow(() -> new AssertionError("socket " + webSocketId
                + ": no message from the page within " + limit
                + wire.closed().thenApply(status -> "; the socket closed with " + status).getNow("")));
    }

    /**
     * Waits up to {@link #DEFAULT_WAIT} for the page's next message, which must be text.
     *
     * @return its text
     * @throws AssertionError if none arrives in time, or it is binary
     */
    public String receiveText() {
        return receiveText(DEFAULT_WAIT);
    }

    /**
     * Waits for the page's next message, which must be text.
     *
     * @param limit the longest real time to wait
     * @return its text
     * @throws AssertionError if none arrives in time, or it is binary
     */
    public String receiveText(Duration limit) {
        ReceivedMessage message = receive(limit);
        if (!message.isText()) {
            throw new AssertionError("socket " + webSocketId + ": expected a text message, got " + message);
        }
        return message.text();
    }

    /**
     * Waits for the page's next message, if one comes.
     *
     * @param limit the longest real time to wait; zero only looks
     * @return the message, or empty if none came in time
     */
    public Optional<ReceivedMessage> nextMessage(Duration limit) {
        try {
            return Optional.ofNullable(wire.toClient().poll(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a message", e);
        }
    }

    /** @return how many messages from the page have arrived and not been received yet */
    public int pendingMessages() {
        return wire.toClient().size();
    }

    /**
     * Waits up to {@link #DEFAULT_WAIT} until the page's thread is blocked in a {@code read}
     * (SPEC §3.2), so that {@link TestClock#advance} ends that read's timeout. Advancing the
     * clock before the page reads would only move the start of its next timeout.
     *
     * @throws AssertionError if the page's thread is not waiting in a read by then
     */
    public void awaitReading() {
        // The core names a page's thread after its socket (PageThreads, Connection.opened).
        String pageThread = "csp-page " + webSocketId;
        long deadline = System.nanoTime() + DEFAULT_WAIT.toNanos();
        while (!clock.isWaiting(pageThread)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("socket " + webSocketId + ": the page is not waiting in read() after "
                        + DEFAULT_WAIT + (isOpen() ? "" : "; the socket closed with " + wire.closed().getNow(null)));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    // ------------------------------------------------------------------ closing

    /** Closes the socket from the client with 1000 (normal closure) and no reason. */
    public void close() {
        close(1000, "");
    }

    /**
     * Closes the socket from the client, as a browser's {@code ws.close(code, reason)}: the page
     * sees the socket closed (7951) once it has read what was sent before. Does nothing if the
     * socket is closed already.
     *
     * @param code the close code
     * @param reason the reason phrase
     */
    public synchronized void close(int code, String reason) {
        closing = true;
        CloseStatus status = new CloseStatus(code, reason);
        wire.fromClient(() -> wire.closeWith(status)); // after what was sent before it
    }

    /**
     * The connection is lost without a close frame (a client that vanished): the page sees the
     * socket closed with 1006 (abnormal closure).
     */
    public synchronized void drop() {
        closing = true;
        wire.fromClient(() -> wire.closeWith(new CloseStatus(1006, "")));
    }

    /** @return how the socket closed, if it has */
    public Optional<CloseStatus> closeStatus() {
        return Optional.ofNullable(wire.closed().getNow(null));
    }

    /**
     * Waits up to {@link #DEFAULT_WAIT} for the socket to close.
     *
     * @return how it closed
     * @throws AssertionError if it is still open then
     */
    public CloseStatus awaitClose() {
        return awaitClose(DEFAULT_WAIT);
    }

    /**
     * Waits for the socket to close.
     *
     * @param limit the longest real time to wait
     * @return how it closed: the server's close frame, or the client's own when it closed first
     * @throws AssertionError if it is still open then
     */
    public CloseStatus awaitClose(Duration limit) {
        return await(wire.closed(), limit, "closed");
    }

    /** @return whether the page's {@code onPostServer} has run (SPEC §2.5) */
    public boolean postServerRan() {
        return pageEnded.isDone();
    }

    /**
     * Waits up to {@link #DEFAULT_WAIT} for the page's {@code onPostServer} to have run.
     *
     * @throws AssertionError if it has not run by then
     */
    public void awaitPostServer() {
        awaitPostServer(DEFAULT_WAIT);
    }

    /**
     * Waits for the page's {@code onPostServer} to have run: after the socket closed, once.
     *
     * @param limit the longest real time to wait
     * @throws AssertionError if it has not run by then
     */
    public void awaitPostServer(Duration limit) {
        await(pageEnded, limit, "onPostServer run");
    }

    private <T> T await(CompletableFuture<T> event, Duration limit, String what) {
        try {
            return event.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("socket " + webSocketId + ": not " + what + " within " + limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for socket " + webSocketId + " " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public String toString() {
        return "PageClient[" + webSocketId + (isOpen() ? ", open" : ", " + wire.closed().getNow(null)) + "]";
    }
}
