package io.cspwebsocket.impl.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The Jakarta WebSocket endpoint behind every page: one instance per connection, created by
 * {@link PageEndpointConfigurator}. It hands the container's events to the {@link Connection}
 * prepared during the handshake.
 *
 * <p>Messages are received as partial messages, so the library, not the container's fixed
 * buffer, decides the largest message (1009 above {@code io.cspwebsocket.maxMessageSize}) and
 * no whole message is ever buffered twice. This public concrete {@code Endpoint} also makes
 * containers that activate WebSocket support only for WARs with an endpoint class (Payara)
 * see one in a WAR of pages.
 */
public final class JakartaEndpointAdapter extends Endpoint {

    /** Key of the prepared {@link Connection} in the per-connection user properties. */
    static final String CONNECTION_KEY = "io.cspwebsocket.connection";

    private volatile PageSocket socket;

    /** Called by the configurator (and by containers that insist on a no-argument constructor). */
    public JakartaEndpointAdapter() {
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object prepared = config.getUserProperties().remove(CONNECTION_KEY);
        if (prepared instanceof RefusedHandshake refused) {
            // No servlet layer to answer 403 before the upgrade: close at once (SPEC §2.2).
            closeQuietly(session, CloseReasons.POLICY_VIOLATION, "connection refused");
            Log.debug(refused.webSocketId(), "refused handshake closed with 1008");
            return;
        }
        if (!(prepared instanceof Connection opened)) {
            closeQuietly(session, CloseReasons.SERVER_ERROR, "no page prepared");
            return;
        }
        PageSocket opening = PageSocket.of(opened);
        // Published before it opens: a close during open (an application already stopping) calls onClose at once.
        socket = opening;
        session.addMessageHandler(String.class, new TextHandler(opening, session));
        session.addMessageHandler(ByteBuffer.class, new BinaryHandler(opening, session));
        session.addMessageHandler(PongMessage.class, pong -> opening.pong());
        opening.open(SessionTransport.of(session, opened.applicationConfig().sendTimeout()),
                (code, reason) -> closeQuietly(session, code, reason), FlowControl.of(session));
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        PageSocket current = socket;
        if (current != null) {
            current.closed(closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        PageSocket current = socket;
        if (current == null) {
            Log.debug(null, "socket error: " + failure);
            return;
        }
        current.failed(failure, session.isOpen());
    }

    static void closeQuietly(Session session, int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            Log.debug(null, "close of an already broken socket: " + e);
        }
    }

    /** Text parts into the socket; an interrupted container thread closes it with 1001. */
    private record TextHandler(PageSocket socket, Session session) implements MessageHandler.Partial<String> {
        @Override
        public void onMessage(String part, boolean last) {
            try {
                socket.text(part, last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(session, CloseReasons.GOING_AWAY, "interrupted");
            }
        }
    }

    /** Binary parts into the socket; an interrupted container thread closes it with 1001. */
    private record BinaryHandler(PageSocket socket, Session session) implements MessageHandler.Partial<ByteBuffer> {
        @Override
        public void onMessage(ByteBuffer part, boolean last) {
            try {
                socket.binary(part, last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(session, CloseReasons.GOING_AWAY, "interrupted");
            }
        }
    }
}
