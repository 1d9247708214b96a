package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code onPreServer} before the upgrade (SPEC §2.2) and binds the HTTP session (§7.1).
 *
 * <p>Mapped to the pages' paths and placed before the container's own WebSocket filter, it sees
 * the handshake while it is still plain HTTP: it creates the page, answers 403 if
 * {@code onPreServer} refuses (no page thread, no socket), creates the HTTP session while a
 * cookie can still be set on the response, and passes the prepared connection to the
 * configurator on this same thread. Containers only ever look up an existing session during the
 * WebSocket handshake, hence the session is created here.
 */
final class HandshakeFilter implements Filter {

    private final CspApplication application;

    HandshakeFilter(CspApplication application) {
        this.application = application;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
                || !isWebSocketUpgrade(http)) {
            chain.doFilter(request, response);
            return;
        }
        String path = http.getRequestURI().substring(http.getContextPath().length());
        Optional<PageDescriptor> page = application.mapper().find(path);
        if (page.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (!originAllowed(http, page.get())) {
            // Refused before a page exists: no instance, no session, no socket (SPEC §8.2).
            Log.info(null, "refused handshake for " + page.get().path() + " from Origin '" + http.getHeader("Origin")
                    + "' (not same-origin, not allowed)");
            application.metrics().refusedHandshakes.increment();
            httpResponse.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        Connection connection = application.newConnection(page.get(), facts(http), bindSession(http, page.get(),
                application.heartbeatSeconds() * 2));
        CspStatus status = connection.runPreServer();
        if (status.isError()) {
            httpResponse.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        PendingHandshake.set(connection);
        try {
            chain.doFilter(request, response);
        } finally {
            PendingHandshake.clear();
        }
    }

    /**
     * The application is stopping. Containers stop filters before they expire sessions (whose
     * end would otherwise close sockets with 1008): close every socket now, with 1001 (SPEC §10).
     */
    @Override
    public void destroy() {
        application.shutdown();
    }

    private boolean originAllowed(HttpServletRequest request, PageDescriptor page) {
        String scheme = request.getScheme();
        String host = request.getHeader("Host");
        if (application.config().trustForwardedHeaders()) {
            scheme = firstValue(request.getHeader("X-Forwarded-Proto"), scheme);
            host = firstValue(request.getHeader("X-Forwarded-Host"), host);
        }
        return application.originPolicy(page).allows(request.getHeader("Origin"), scheme, host);
    }

    /** The first of a comma-separated header's values (the client-facing proxy's), or the fallback. */
    private static String firstValue(String header, String fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }

    private static boolean isWebSocketUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.trim().equalsIgnoreCase("websocket");
    }

    private static SessionBinding bindSession(HttpServletRequest request, PageDescriptor page, int minimumSeconds) {
        if (page.useSession()) {
            return new HttpSessionBinding(request.getSession(true), minimumSeconds);
        }
        HttpSession existing = request.getSession(false);
        return new TransientSession(existing != null ? existing.getId() : WebSocketIds.next());
    }

    private static HandshakeFacts facts(HttpServletRequest request) {
        Map<String, List<String>> parameters = QueryParameters.parse(request.getQueryString());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        return new HandshakeFacts(parameters, headers, request.getUserPrincipal(), request::isUserInRole,
                request.getRemoteAddr(), request.getLocalAddr() + ":" + request.getLocalPort());
    }
}
