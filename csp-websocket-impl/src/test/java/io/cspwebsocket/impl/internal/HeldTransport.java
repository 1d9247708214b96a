package io.cspwebsocket.impl.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A transport that holds every asynchronous send, pings included, on the wire until the test
 * completes it through {@link #pending} with the outcome it chooses; for tests of stalled sends,
 * timeouts and closes. Optionally it also sends on the calling thread, at once and successfully.
 */
class HeldTransport implements Transport {
    /** The callbacks of the sends on the wire, in the order they were handed over. */
    final List<Consumer<Throwable>> pending = new CopyOnWriteArrayList<>();
    private final boolean onCallingThread;

    /** Holds every send; nothing goes out on the calling thread. */
    HeldTransport() {
        this(false);
    }

    /** @param onCallingThread whether blocking writes may go out on the calling thread (at once) */
    HeldTransport(boolean onCallingThread) {
        this.onCallingThread = onCallingThread;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        pending.add(done);
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        pending.add(done);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void sendPing(ByteBuffer payload, Consumer<Throwable> done) {
        pending.add(done);
    }

    @Override
    public boolean sendsOnCallingThread() {
        return onCallingThread;
    }

    @Override
    public Throwable sendNow(String text, ByteBuffer bytes) {
        return null;
    }
}
