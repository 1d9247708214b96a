package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.impl.CspWebSocketStatistics;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * The configurator of one page's endpoint (one instance per page, never registered as a
 * service, so the container's own default configurator stays in charge of everything else).
 *
 * <p>It selects the subprotocol (SPEC §8.1), hands the connection prepared by
 * {@link PageUpgradeServlet} to the endpoint through the per-connection user properties, and
 * creates a fresh {@link JakartaEndpointAdapter} per connection.
 *
 * <p>On a servlet container it fails closed (SPEC §8.3): {@link #checkOrigin} accepts only a
 * handshake that the servlet prepared on the calling thread, so the container answers 403 to
 * any request that reaches the endpoint another way, and no page code runs for it. Without a
 * servlet layer (standalone Tyrus, {@link io.cspwebsocket.impl.CspEndpoints}) there is no other
 * way in: it prepares the connection itself and runs {@code onPreServer} here.
 */
public final class PageEndpointConfigurator extends ServerEndpointConfig.Configurator {

    private final CspApplication application;
    private final PageDescriptor page;
    private final boolean servletLayer;

    /**
     * @param application the application the page belongs to
     * @param page the page served by this endpoint
     * @param servletLayer whether handshakes are prepared by {@link PageUpgradeServlet} (a servlet
     *        container) rather than here (standalone Tyrus)
     */
    public PageEndpointConfigurator(CspApplication application, PageDescriptor page, boolean servletLayer) {
        this.application = application;
        this.page = page;
        this.servletLayer = servletLayer;
    }

    /**
     * The container's last gate before it upgrades: on a servlet container, only a handshake
     * prepared by the library's servlet on this thread passes (the Origin itself was checked
     * there, against the request's full headers).
     */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        if (!servletLayer) {
            return true; // no servlet layer, no Host and scheme to compare with: documented in CspEndpoints
        }
        if (PendingHandshake.preparedFor(page)) {
            return true;
        }
        Log.info(null, "refused a handshake for " + page.path() + " that did not come through the page's URL");
        application.metrics().refused(CspWebSocketStatistics.Refusal.BYPASS);
        return false;
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return PageHandshake.subprotocol(page, requested);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        Connection prepared = PendingHandshake.take(page);
        Object forEndpoint;
        if (prepared != null) {
            forEndpoint = prepared;
        } else if (servletLayer) {
            // checkOrigin let through nothing unprepared; should a container skip it, still no page.
            forEndpoint = new RefusedHandshake(null);
        } else {
            forEndpoint = prepareWithoutServlet(request);
        }
        sec.getUserProperties().put(JakartaEndpointAdapter.CONNECTION_KEY, forEndpoint);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != JakartaEndpointAdapter.class) {
            throw new InstantiationException("unexpected endpoint class " + endpointClass.getName());
        }
        return endpointClass.cast(new JakartaEndpointAdapter());
    }

    /** No servlet filter ran: take the facts from the Jakarta handshake request. */
    private Object prepareWithoutServlet(HandshakeRequest request) {
        HandshakeFacts facts = new HandshakeFacts(request.getParameterMap(), request.getHeaders(),
                request.getUserPrincipal(), request::isUserInRole, null, "localhost");
        Map<String, List<String>> headers = request.getHeaders();
        Log.debug(null, "handshake for " + page.path() + " without the servlet filter; headers " + headers.keySet());
        Connection connection = application.newConnection(page, facts, TransientSession.create());
        CspStatus status = connection.runPreServer();
        if (status.isError()) {
            return new RefusedHandshake(connection.webSocketId());
        }
        application.awaitOpen(connection);
        return connection;
    }
}
