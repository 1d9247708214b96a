package io.cspwebsocket.impl.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The container's asynchronous send, as {@link SerializedWriter} needs it. The Jakarta adapter
 * implements it over {@code RemoteEndpoint.Async}; unit tests use a fake.
 */
interface Transport {

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
}
