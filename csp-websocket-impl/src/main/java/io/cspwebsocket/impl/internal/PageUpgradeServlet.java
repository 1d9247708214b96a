package io.cspwebsocket.impl.internal;

import io.cspwebsocket.impl.CspWebSocketStatistics.Refusal;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way into a page on a servlet container (SPEC §8.3): a servlet mapped at the pages'
 * exact paths, so that the container, not the library, decides which request spellings
 * ({@code ;x=1}, {@code %2E}, {@code //}, {@code ./}, {@code ../}) name a page, and every
 * application filter and security constraint has run before it. Only the container's own
 * dispatch of a request counts: a forward or include to a page's URL is answered 404.
 *
 * <p>Each handshake goes through, in this order: upgrade validation (400/426, RFC 6455 §4.2.1) →
 * Origin (403, §8.2) → session binding (§7.1) → the page and its {@code onPreServer} (403 if it
 * refuses, §2.2) → {@link ServerContainer#upgradeHttpToWebSocket} with the page's endpoint. The
 * endpoints themselves are registered at paths of their own ({@link Deployment#internalPath}),
 * and their configurator accepts only a handshake prepared here, on this thread
 * ({@link PendingHandshake}); any other way in is refused with 403 by the container.
 *
 * <p>A page whose handshake the container did not complete is released at once; one whose
 * socket never opened after the 101 is released by the heartbeat (§8.3).
 */
final class PageUpgradeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String SERVER_CONTAINER = ServerContainer.class.getName();

    private final transient CspApplication application;
    private final transient Map<String, ServerEndpointConfig> endpoints;

    /**
     * @param application the pages and their settings
     * @param endpoints each page's endpoint configuration, by the page's path
     */
    PageUpgradeServlet(CspApplication application, Map<String, ServerEndpointConfig> endpoints) {
        this.application = application;
        this.endpoints = Map.copyOf(endpoints);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Only a request the container mapped to the page's URL itself: a forward, include or error
        // dispatch from other code skips the filters mapped at that URL (they run for REQUEST).
        PageDescriptor page = request.getDispatcherType() == DispatcherType.REQUEST ? mappedPage(request) : null;
        if (page == null) {
            application.metrics().refused(Refusal.NOT_FOUND);
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        UpgradeRequests.Verdict verdict = UpgradeRequests.check(request.getMethod(), request.getProtocol(),
                name -> Collections.list(request.getHeaders(name)));
        if (!verdict.valid()) {
            Log.debug(null, "not a valid handshake for " + page.path() + ": " + verdict.reason());
            application.metrics().refused(Refusal.BAD_REQUEST);
            if (verdict.status() == UpgradeRequests.UPGRADE_REQUIRED) {
                response.setHeader("Sec-WebSocket-Version", UpgradeRequests.VERSION);
            }
            response.sendError(verdict.status(), verdict.reason());
            return;
        }
        if (!PageHandshake.admitsOrigin(application, page, request.getScheme(), request::getHeader)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        Object container = request.getServletContext().getAttribute(SERVER_CONTAINER);
        if (!(container instanceof ServerContainer serverContainer)) {
            application.metrics().refused(Refusal.CONTAINER);
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no WebSocket support");
            return;
        }
        HttpSession before = request.getSession(false);
        PageHandshake.Outcome outcome = PageHandshake.prepare(application, page, facts(request),
                bindSession(request, page, application.heartbeatSeconds() * 2));
        if (!outcome.accepted()) {
            refuse(request, response, before, outcome.refusedStatus());
            return;
        }
        upgrade(serverContainer, request, response, page, outcome.connection());
    }

    /** Hands the prepared connection to the container; releases it if the container does not upgrade. */
    private void upgrade(ServerContainer container, HttpServletRequest request, HttpServletResponse response,
                         PageDescriptor page, Connection connection) throws IOException {
        application.awaitOpen(connection);
        boolean upgraded = false;
        PendingHandshake.set(connection);
        try {
            container.upgradeHttpToWebSocket(request, response, endpoints.get(page.path()), Map.of());
            upgraded = PendingHandshake.wasTaken() && response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
        } catch (DeploymentException | RuntimeException e) {
            Log.warn(connection.webSocketId(), "the container could not upgrade the handshake for " + page.path(), e);
            if (!response.isCommitted()) {
                response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
        } finally {
            PendingHandshake.clear();
            if (!upgraded) {
                // The container refused after onPreServer ran: release the page as a refused one.
                if (connection.abandon("the container did not upgrade (HTTP " + response.getStatus() + ")")) {
                    application.metrics().refused(Refusal.CONTAINER);
                }
            }
        }
    }

    /**
     * Refuses a handshake after its session was bound: a session this very request created is
     * ended and its cookie withdrawn, so that refused handshakes (an {@code onPreServer} that
     * checks a login, say) cannot pile up sessions.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpSession before,
                               int status) throws IOException {
        HttpSession session = request.getSession(false);
        if (before == null && session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalidated) {
                // onPreServer ended it itself
            }
            if (!response.isCommitted()) {
                response.reset(); // drops the Set-Cookie of the session just ended
            }
        }
        response.sendError(status);
    }

    /** The page whose exact path the container mapped this request to, or {@code null}. */
    private PageDescriptor mappedPage(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        String path = mapping != null ? mapping.getPattern() : request.getServletPath();
        return application.mapper().find(path).orElse(null);
    }

    /**
     * The application is stopping. Containers destroy servlets before they expire sessions
     * (whose end would otherwise close sockets with 1008): close every socket now, with 1001
     * (SPEC §10).
     */
    @Override
    public void destroy() {
        application.shutdown();
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
                request.getRemoteAddr(), request.getLocalAddr(), request.getLocalPort());
    }
}
