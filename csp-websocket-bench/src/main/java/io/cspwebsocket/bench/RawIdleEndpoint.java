package io.cspwebsocket.bench;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** A raw idle endpoint: it accepts the socket and does nothing else. */
@ServerEndpoint(value = "/raw/idle", configurator = CountingConfigurator.class)
public class RawIdleEndpoint {

    /** Instantiated by the container, one per connection. */
    public RawIdleEndpoint() {
    }

    /**
     * A client connected.
     *
     * @param session the session
     */
    @OnOpen
    public void open(Session session) {
        opened(session);
    }

    /**
     * The socket closed.
     *
     * @param session the session
     * @param reason why
     */
    @OnClose
    public void close(Session session, CloseReason reason) {
        ServerStats.RAW_OPEN.decrementAndGet();
    }

    /**
     * A socket error; the container closes the session next.
     *
     * @param session the session
     * @param failure what happened
     */
    @OnError
    public void error(Session session, Throwable failure) {
        if (!(failure instanceof IOException)) {
            ServerStats.ERRORS.incrementAndGet();
        }
    }

    static void opened(Session session) {
        ServerStats.RAW_OPEN.incrementAndGet();
        if (!session.getNegotiatedExtensions().isEmpty()) {
            ServerStats.EXTENSIONS_NEGOTIATED.incrementAndGet();
        }
    }
}
