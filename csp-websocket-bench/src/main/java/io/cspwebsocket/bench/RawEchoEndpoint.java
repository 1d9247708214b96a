package io.cspwebsocket.bench;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** The raw JSR 356 echo the pages are compared with: {@code @OnMessage} sends the text back. */
@ServerEndpoint(value = "/raw/echo", configurator = CountingConfigurator.class)
public class RawEchoEndpoint {

    /** Instantiated by the container, one per connection. */
    public RawEchoEndpoint() {
    }

    /**
     * A client connected.
     *
     * @param session the session
     */
    @OnOpen
    public void open(Session session) {
        RawIdleEndpoint.opened(session);
    }

    /**
     * Echoes one message with the basic (blocking) remote, on the container's thread.
     *
     * @param session the session
     * @param message the message
     * @throws IOException if the send fails
     */
    @OnMessage
    public void message(Session session, String message) throws IOException {
        session.getBasicRemote().sendText(message);
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
     * A socket error (usually a client that vanished); the container closes the session next.
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
