package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
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
 * {@link HandshakeFilter} to the endpoint through the per-connection user properties, and
 * creates a fresh {@link JakartaEndpointAdapter} per connection. Without a servlet layer
 * (standalone Tyrus) it prepares the connection itself and runs {@code onPreServer} here.
 */
public final class PageEndpointConfigurator extends ServerEndpointConfig.Configurator {

    private final CspApplication application;
    private final PageDescriptor page;

    /**
     * @param application the application the page belongs to
     * @param page the page served by this endpoint
     */
    public PageEndpointConfigurator(CspApplication application, PageDescriptor page) {
        this.application = application;
        this.page = page;
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        if (page.subprotocols().isEmpty()) {
            // IRIS gateway behaviour: echo the first offered protocol, so new WebSocket(url, "chat") works.
            return requested.isEmpty() ? "" : requested.get(0);
        }
        for (String offered : requested) {
            if (page.subprotocols().contains(offered)) {
                return offered;
            }
        }
        return "";
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        Connection prepared = PendingHandshake.take();
        Object forEndpoint;
        if (prepared != null && prepared.descriptor() == page) {
            forEndpoint = prepared;
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
        return status.isOk() ? connection : new RefusedHandshake(connection.webSocketId());
    }
}
