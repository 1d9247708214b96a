package io.cspwebsocket.impl;

/**
 * The servlet-context init parameters (SPEC §8.3) that tune the library, with their defaults.
 * Set them with {@code <context-param>} in {@code web.xml}, {@code ServletContext#setInitParameter}
 * before the application starts, or the container's own configuration.
 *
 * <p>Durations are written as {@code 30s}, {@code 500ms}, {@code 2m}, an ISO-8601 duration
 * ({@code PT30S}) or a plain number of milliseconds. Sizes are a plain number of bytes or a
 * number with {@code KiB} or {@code MiB}.
 */
public final class CspInitParameters {

    /** Largest client message in bytes; a bigger one closes the socket with 1009. Default 1 MiB. */
    public static final String MAX_MESSAGE_SIZE = "io.cspwebsocket.maxMessageSize";

    /**
     * How long a {@code write} may take before it fails with 5001 and the socket closes with
     * 1011. Default 30 s.
     */
    public static final String SEND_TIMEOUT = "io.cspwebsocket.sendTimeout";

    /**
     * How much unread client data one socket may hold before the library stops taking frames
     * from that client (back-pressure). Default 64 KiB.
     */
    public static final String INBOX_CAPACITY = "io.cspwebsocket.inboxCapacity";

    /**
     * How much unsent data one socket may queue for {@code writeAsync} and {@code broadcast}
     * before further asynchronous writes are refused with 5001. Default 4 MiB.
     */
    public static final String OUTBOX_CAPACITY = "io.cspwebsocket.outboxCapacity";

    /**
     * On undeploy, how long the library waits in total for pages to finish {@code server()} and
     * {@code onPostServer()} after their sockets were closed with 1001, and for the clients to
     * answer the close (until then the container still reads their frames for the application).
     * Default 10 s.
     */
    public static final String SHUTDOWN_TIMEOUT = "io.cspwebsocket.shutdownTimeout";

    /**
     * Cross-site origins allowed to open any page of the application, separated by commas or
     * spaces, e.g. {@code https://app.example.com, https://admin.example.com}; {@code *} allows
     * all. Same-origin handshakes and handshakes without {@code Origin} are always allowed.
     * Default: none.
     */
    public static final String ALLOWED_ORIGINS = "io.cspwebsocket.allowedOrigins";

    /**
     * {@code true} if the application sits behind a proxy whose {@code X-Forwarded-Proto} and
     * {@code X-Forwarded-Host} headers may be trusted for the same-origin check. Default
     * {@code false}.
     */
    public static final String TRUST_FORWARDED_HEADERS = "io.cspwebsocket.trustForwardedHeaders";

    /**
     * How long a socket may go without receiving anything before the library pings it, so that
     * proxies keep idle sockets open. Default 30 s.
     */
    public static final String PING_INTERVAL = "io.cspwebsocket.pingInterval";

    /**
     * How long a socket may go without receiving any frame (pongs included) before the library
     * closes it with 1001. Default 90 s.
     */
    public static final String IDLE_TIMEOUT = "io.cspwebsocket.idleTimeout";

    private CspInitParameters() {
    }
}
