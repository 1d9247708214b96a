package io.cspwebsocket.impl.internal;

import java.nio.ByteBuffer;

/**
 * One open socket as the adapter's core sees it, with no container type in sight: the
 * container's events come in here (message parts, pongs, the close, errors), and the page's
 * sends and closes go out through the {@link Transport} and {@link SocketCloser} it was opened
 * with. {@link JakartaEndpointAdapter} translates a Jakarta session into these calls; the
 * in-memory test runtime (csp-websocket-test) makes them directly, so a unit test of a page runs
 * the size limit, the surrogate-pair carry, the inbox and the lifecycle that production runs.
 *
 * <p>Threading: as with a container, message parts of one socket arrive on one thread at a time,
 * in order; {@link #text} and {@link #binary} may block while the page's inbox is full.
 */
public final class PageSocket {

    private final Connection connection;
    private final TextParts textParts;
    private final BinaryParts binaryParts;

    private PageSocket(Connection connection) {
        this.connection = connection;
        long maxMessageSize = connection.applicationConfig().maxMessageSize();
        this.textParts = new TextParts(connection, maxMessageSize);
        this.binaryParts = new BinaryParts(connection, maxMessageSize);
    }

    /**
     * @param connection the connection prepared by a handshake the core accepted
     *        ({@link PageHandshake#prepare}); its socket is not open yet
     * @return the socket, to {@link #open} once the container is ready to deliver its events
     */
    public static PageSocket of(Connection connection) {
        return new PageSocket(connection);
    }

    /**
     * The socket is open: registers its id and starts the page (SPEC §2.3). Events may be fed in
     * from the moment this returns.
     *
     * @param transport sends the page's messages
     * @param closer sends the close frame; the container reports the end through {@link #closed} afterwards
     * @return this socket
     */
    public PageSocket open(Transport transport, SocketCloser closer) {
        return open(transport, closer, null);
    }

    /** As {@link #open(Transport, SocketCloser)}, with the container's flow control ({@code null}: none). */
    PageSocket open(Transport transport, SocketCloser closer, FlowControl flow) {
        connection.opened(transport, closer, flow);
        return this;
    }

    /** @return the connection behind this socket */
    public Connection connection() {
        return connection;
    }

    /**
     * A part of a text message arrived.
     *
     * @param part the characters (a part may end in the high half of a surrogate pair)
     * @param last whether it ends the message
     * @throws InterruptedException if the calling thread is interrupted while the inbox is full
     */
    public void text(String part, boolean last) throws InterruptedException {
        textParts.onPart(part, last);
    }

    /**
     * A part of a binary message arrived.
     *
     * @param part the bytes, read here (the caller may reuse the buffer afterwards)
     * @param last whether it ends the message
     * @throws InterruptedException if the calling thread is interrupted while the inbox is full
     */
    public void binary(ByteBuffer part, boolean last) throws InterruptedException {
        binaryParts.onPart(part, last);
    }

    /** A pong arrived: the client is alive (SPEC §8.3). */
    public void pong() {
        connection.touch();
    }

    /**
     * The socket has closed: the client's close frame, the answer to the server's, or a lost
     * connection (1006).
     *
     * @param code the close code seen
     * @param reason the reason phrase
     */
    public void closed(int code, String reason) {
        connection.peerClosed(code, reason);
    }

    /**
     * The container reported an error on the socket.
     *
     * @param failure what it reported
     * @param stillOpen whether the container still has the socket open
     */
    public void failed(Throwable failure, boolean stillOpen) {
        // The connection is not ended here: the container calls onClose next, with the close code it used.
        // Usually the client vanished (an IOException, then 1006). After a protocol error Jetty 12 reports the
        // error first, on a session already closed, then onClose with the code it sent (1007 for a text frame
        // that is not UTF-8, SPEC §3.3): ending the connection here with 1006 hid that code from the page.
        Log.debug(connection.webSocketId(), "socket error: " + failure);
        if (!(failure instanceof java.io.IOException) && !stillOpen) {
            // Should a container not call onClose after all, the heartbeat ends the page (1006).
            connection.errorOnClosedSocket();
        }
    }

    /** Counts a message's bytes across its parts and closes with 1009 past the limit (SPEC §3.5). */
    private abstract static class SizeGuard {
        final Connection connection;
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
            connection.received(partBytes, last);
            return true;
        }
    }

    /** Text parts: size check, then into the inbox, keeping surrogate pairs within one fragment. */
    private static final class TextParts extends SizeGuard {
        private char carriedHighSurrogate;

        TextParts(Connection connection, long maxMessageSize) {
            super(connection, maxMessageSize);
        }

        void onPart(String part, boolean last) throws InterruptedException {
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
            connection.receivedText(text, last);
        }
    }

    /** Binary parts: size check, copy (the container reuses its buffer), then into the inbox. */
    private static final class BinaryParts extends SizeGuard {

        BinaryParts(Connection connection, long maxMessageSize) {
            super(connection, maxMessageSize);
        }

        void onPart(ByteBuffer part, boolean last) throws InterruptedException {
            if (!admit(part.remaining(), last)) {
                return;
            }
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            connection.receivedBinary(bytes, last);
        }
    }
}
