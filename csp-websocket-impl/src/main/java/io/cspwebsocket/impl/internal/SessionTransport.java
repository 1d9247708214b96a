package io.cspwebsocket.impl.internal;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** {@link Transport} over a Jakarta session's asynchronous remote endpoint. */
final class SessionTransport implements Transport {

    private final Session session;
    private final RemoteEndpoint.Async remote;

    SessionTransport(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        remote.sendText(text, handler(done));
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        remote.sendBinary(bytes, handler(done));
    }

    @Override
    public void sendPing(ByteBuffer payload, Consumer<Throwable> done) {
        try {
            remote.sendPing(payload); // a control frame of a few bytes; the writer only pings when idle
            done.accept(null);
        } catch (java.io.IOException | RuntimeException e) {
            done.accept(e);
        }
    }

    private static SendHandler handler(Consumer<Throwable> done) {
        return result -> done.accept(result.isOK() ? null : failure(result.getException()));
    }

    private static Throwable failure(Throwable reported) {
        return reported != null ? reported : new IllegalStateException("send failed without a cause");
    }
}
