package io.cspwebsocket.impl.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The container's asynchronous send, as {@link SerializedWriter} needs it: one of the two seams
 * between the adapter's core and a container (the other is {@link SocketCloser}; events come in
 * through {@link PageSocket}). The Jakarta adapter implements it over
 * {@code RemoteEndpoint.Async} ({@link SessionTransport}); the in-memory test runtime
 * (csp-websocket-test) hands each message to its test client.
 */
public interface Transport {

    /**
     * Starts sending one whole text message. {@code done} is called exactly once, possibly on
     * this thread before the method returns, with {@code null} on success or the failure.
     */
    void sendText(String text, Consumer<Throwable> done);

    /** Starts sending one whole binary message; {@code done} as for {@link #sendText}. */
    void sendBinary(ByteBuffer bytes, Consumer<Throwable> done);

    /** @return whether the container still has the socket open (a failed send on a closed one is 7951) */
    boolean isOpen();

    /** Sends a ping; {@code done} as for {@link #sendText}. */
    void sendPing(ByteBuffer payload, Consumer<Throwable> done);

    /**
     * Whether {@link #sendNow} may be used by the calling thread: the container has a blocking
     * send that it bounds by the send timeout itself, and blocking in it here does not hold up
     * other threads.
     */
    default boolean sendsOnCallingThread() {
        return false;
    }

    /**
     * Sends one whole message on the calling thread and returns once the container has written it.
     *
     * @param text the text, or {@code null} to send {@code bytes}
     * @param bytes the binary message when {@code text} is {@code null}
     * @return {@code null} on success, else the failure (the container's timeout included)
     */
    default Throwable sendNow(String text, ByteBuffer bytes) {
        throw new UnsupportedOperationException("this transport only sends asynchronously");
    }
}
