package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.impl.CspWebSocketStatistics.Refusal;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The decisions of an opening handshake that need no container (SPEC §2.2, §8.1, §8.2): whether
 * its Origin may open the page, which subprotocol it gets, and whether the page accepts it
 * ({@code onPreServer}). {@link PageUpgradeServlet} and {@link PageEndpointConfigurator} take them
 * from here and turn them into HTTP statuses and the container's upgrade; the in-memory test
 * runtime (csp-websocket-test) takes them from here too, and opens the accepted connection
 * through {@link PageSocket}.
 */
public final class PageHandshake {

    /**
     * What a handshake came to.
     *
     * @param connection the prepared connection ({@code onPreServer} accepted it), or {@code null}
     * @param refusedStatus the HTTP status it is refused with, or 0 when accepted
     */
    public record Outcome(Connection connection, int refusedStatus) {

        /** @return whether {@code onPreServer} accepted the handshake */
        public boolean accepted() {
            return connection != null;
        }
    }

    /** HTTP status of a handshake refused by its Origin or by {@code onPreServer}. */
    public static final int FORBIDDEN = 403;
    /** HTTP status of a handshake whose page could not be created. */
    public static final int SERVER_ERROR = 500;

    private PageHandshake() {
    }

    /**
     * Whether the handshake's {@code Origin} may open the page (SPEC §8.2); a refusal is logged
     * and counted. Decided before any page or session exists.
     *
     * @param application the page's application
     * @param page the page asked for
     * @param scheme the request's scheme ({@code http}, {@code https}, {@code ws}, {@code wss})
     * @param header the request's first value of a header, or {@code null} when absent
     * @return whether the handshake may go on
     */
    public static boolean admitsOrigin(CspApplication application, PageDescriptor page, String scheme,
                                       UnaryOperator<String> header) {
        String host = header.apply("Host");
        if (application.config().trustForwardedHeaders()) {
            scheme = firstValue(header.apply("X-Forwarded-Proto"), scheme);
            host = firstValue(header.apply("X-Forwarded-Host"), host);
        }
        String origin = header.apply("Origin");
        if (application.originPolicy(page).allows(origin, scheme, host)) {
            return true;
        }
        // Refused before a page exists: no instance, no session, no socket (SPEC §8.2).
        Log.info(null, "refused handshake for " + page.path() + " from Origin '" + origin
                + "' (not same-origin, not allowed)");
        application.metrics().refused(Refusal.ORIGIN);
        return false;
    }

    /** The first of a comma-separated header's values (the client-facing proxy's), or the fallback. */
    private static String firstValue(String header, String fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }

    /**
     * Creates the page for a handshake and runs its {@code onPreServer} on the calling thread
     * (SPEC §2.2). An accepted connection waits in the handshake state for its socket
     * ({@link PageSocket#open}); a refused one has released its page already.
     *
     * @param application the page's application
     * @param page the page asked for
     * @param facts the handshake request
     * @param session the session bound to it
     * @return the prepared connection, or the status it is refused with (403 by {@code onPreServer},
     *         500 when the page could not be created)
     */
    public static Outcome prepare(CspApplication application, PageDescriptor page, HandshakeFacts facts,
                                  SessionBinding session) {
        Connection connection;
        try {
            connection = application.newConnection(page, facts, session);
        } catch (IllegalStateException e) {
            Log.warn(null, "cannot create a page of " + page.pageClass().getName(), e);
            application.metrics().refused(Refusal.PAGE_ERROR);
            return new Outcome(null, SERVER_ERROR);
        }
        CspStatus status = connection.runPreServer();
        return status.isError() ? new Outcome(null, FORBIDDEN) : new Outcome(connection, 0);
    }

    /**
     * The subprotocol the handshake gets (SPEC §8.1).
     *
     * @param page the page
     * @param requested the client's subprotocols, in its order of preference
     * @return the first requested one the page declares; with none declared, the IRIS gateway's
     *         behaviour: the client's first (so {@code new WebSocket(url, "chat")} works); else {@code ""}
     */
    public static String subprotocol(PageDescriptor page, List<String> requested) {
        if (page.subprotocols().isEmpty()) {
            return requested.isEmpty() ? "" : requested.get(0);
        }
        for (String offered : requested) {
            if (page.subprotocols().contains(offered)) {
                return offered;
            }
        }
        return "";
    }
}
