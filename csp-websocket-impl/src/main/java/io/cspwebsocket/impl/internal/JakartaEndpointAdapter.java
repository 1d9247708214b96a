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

    private volatile Connection connection;

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
        connection = opened;
        long maxMessageSize = opened.applicationConfig().maxMessageSize();
        session.addMessageHandler(String.class, new TextHandler(opened, session, maxMessageSize));
        session.addMessageHandler(ByteBuffer.class, new BinaryHandler(opened, session, maxMessageSize));
        session.addMessageHandler(PongMessage.class, pong -> opened.touch());
        opened.opened(SessionTransport.of(session, opened.applicationConfig().sendTimeout()), (code, reason) -> closeQuietly(session, code, reason),
                FlowControl.of(session));
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        Connection current = connection;
        if (current != null) {
            current.peerClosed(closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        Connection current = connection;
        String id = current == null ? null : current.webSocketId();
        // The connection is not ended here: the container calls onClose next, with the close code it used.
        // Usually the client vanished (an IOException, then 1006). After a protocol error Jetty 12 reports the
        // error first, on a session already closed, then onClose with the code it sent (1007 for a text frame
        // that is not UTF-8, SPEC §3.3): ending the connection here with 1006 hid that code from the page.
        Log.debug(id, "socket error: " + failure);
        if (current != null && !(failure instanceof IOException) && !session.isOpen()) {
            // Should a container not call onClose after all, the heartbeat ends the page (1006).
            current.errorOnClosedSocket();
        }
    }

    static void closeQuietly(Session session, int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            Log.debug(null, "close of an already broken socket: " + e);
        }
    }

    /** Counts a message's bytes across its parts and closes with 1009 past the limit (SPEC §3.5). */
    private abstract static class SizeGuard {
        private final Connection connection;
        private final long maxMessageSize;
        private long messageBytes;
        private boolean tooBig;

        SizeGuard(Connection connection, long maxMessageSize) {
            this.connection = connection;
            this.maxMessageSize = maxMessageSize;
        }

        /** @return {@code false} if the part must be dropped (the socket is being closed) */
        boolean admit(long partBytes, boolean last) {
            connection.touch();
            if (tooBig) {
                return false;
            }
            messageBytes += partBytes;
            if (messageBytes > maxMessageSize) {
                tooBig = true;
                Log.info(connection.webSocketId(), "client message exceeds " + maxMessageSize
                        + " bytes; closing with 1009");
                connection.closeFromServer(CloseReasons.TOO_BIG, "message too big");
                return false;
            }
            if (last) {
                messageBytes = 0;
            }
            connection.receivedBytes(partBytes);
            return true;
        }
    }

    /** Text parts: size check, then into the inbox, keeping surrogate pairs within one fragment. */
    private static final class TextHandler extends SizeGuard implements MessageHandler.Partial<String> {
        private final Connection connection;
        private final Session session;
        private char carriedHighSurrogate;

        TextHandler(Connection connection, Session session, long maxMessageSize) {
            super(connection, maxMessageSize);
            this.connection = connection;
            this.session = session;
        }

        @Override
        public void onMessage(String part, boolean last) {
            if (!admit(Utf8.length(part), last)) {
                return;
            }
            String text = part;
            if (carriedHighSurrogate != 0) {
                text = carriedHighSurrogate + text;
                carriedHighSurrogate = 0;
            }
            if (!last && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                // The container split a pair between two parts: keep the pair in the next fragment.
                carriedHighSurrogate = text.charAt(text.length() - 1);
                text = text.substring(0, text.length() - 1);
            }
            try {
                connection.receivedText(text, last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(session, CloseReasons.GOING_AWAY, "interrupted");
            }
        }
    }

    /** Binary parts: size check, copy (the container reuses its buffer), then into the inbox. */
    private static final class BinaryHandler extends SizeGuard implements MessageHandler.Partial<ByteBuffer> {
        private final Connection connection;
        private final Session session;

        BinaryHandler(Connection connection, Session session, long maxMessageSize) {
            super(connection, maxMessageSize);
            this.connection = connection;
            this.session = session;
        }

        @Override
        public void onMessage(ByteBuffer part, boolean last) {
            if (!admit(part.remaining(), last)) {
                return;
            }
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            try {
                connection.receivedBinary(bytes, last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(session, CloseReasons.GOING_AWAY, "interrupted");
            }
        }
    }
}
