package io.cspwebsocket.bench;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The raw broadcast receiver: it keeps its open sessions in a set, as a plain JSR 356
 * application would, for {@link ControlServlet} to loop over with the async remote.
 */
@ServerEndpoint(value = "/raw/broadcast", configurator = CountingConfigurator.class)
public class RawBroadcastEndpoint {

    /** The open sessions of this endpoint. */
    static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();

    /** Instantiated by the container, one per connection. */
    public RawBroadcastEndpoint() {
    }

    /**
     * A client connected.
     *
     * @param session the session
     */
    @OnOpen
    public void open(Session session) {
        RawIdleEndpoint.opened(session);
        SESSIONS.add(session);
    }

    /**
     * The socket closed.
     *
     * @param session the session
     * @param reason why
     */
    @OnClose
    public void close(Session session, CloseReason reason) {
        SESSIONS.remove(session);
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
}
