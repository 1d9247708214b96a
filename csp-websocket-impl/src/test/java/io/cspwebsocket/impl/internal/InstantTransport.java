package io.cspwebsocket.impl.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** A transport whose every send completes at once: for tests that drive a connection without a container. */
class InstantTransport implements Transport {

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        done.accept(null);
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        done.accept(null);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void sendPing(ByteBuffer payload, Consumer<Throwable> done) {
        done.accept(null);
    }
}
