package io.cspwebsocket.bench;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/** The raw endpoints' configurator: the container's defaults, plus counting extension offers. */
public class CountingConfigurator extends ServerEndpointConfig.Configurator {

    /** Instantiated by the container. */
    public CountingConfigurator() {
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        List<String> offered = request.getHeaders().get("Sec-WebSocket-Extensions");
        ServerStats.handshake(offered == null || offered.isEmpty() ? null : String.join(",", offered));
        super.modifyHandshake(sec, request, response);
    }
}
