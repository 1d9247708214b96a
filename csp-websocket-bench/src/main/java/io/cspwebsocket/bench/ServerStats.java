package io.cspwebsocket.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters kept by the server child's pages and raw endpoints, read by {@link ControlServlet}. */
final class ServerStats {

    /** Synchronous CSP pages (echo, idle, broadcast) currently inside their read loop. */
    static final AtomicInteger CSP_READING = new AtomicInteger();
    /** Shared CSP echo pages whose socket is open. */
    static final AtomicInteger CSP_SHARED_OPEN = new AtomicInteger();
    /** Raw JSR 356 sessions currently open, all endpoints. */
    static final AtomicInteger RAW_OPEN = new AtomicInteger();
    /** Handshakes seen (raw and CSP). */
    static final AtomicLong HANDSHAKES = new AtomicLong();
    /** Handshakes whose client offered an extension (Sec-WebSocket-Extensions, e.g. permessage-deflate). */
    static final AtomicLong EXTENSION_OFFERS = new AtomicLong();
    /** Raw sessions for which Tomcat negotiated an extension. */
    static final AtomicLong EXTENSIONS_NEGOTIATED = new AtomicLong();
    /** Page or endpoint errors (write failures, unexpected exceptions). */
    static final AtomicLong ERRORS = new AtomicLong();

    private ServerStats() {
    }

    /**
     * Counts one handshake.
     *
     * @param extensionsHeader the request's {@code Sec-WebSocket-Extensions} header, or {@code null}
     */
    static void handshake(String extensionsHeader) {
        HANDSHAKES.incrementAndGet();
        if (extensionsHeader != null && !extensionsHeader.isBlank()) {
            EXTENSION_OFFERS.incrementAndGet();
        }
    }
}
