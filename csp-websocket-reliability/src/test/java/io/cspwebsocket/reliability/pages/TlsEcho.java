package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.reliability.probe.Probe;

/**
 * The page of {@code TlsTest}: counts its {@code onPreServer} runs ({@code tls.pre}), sends
 * {@code id:<WebSocketID>} and one report {@code origin=<header Origin>\ngateway=<getGatewayClientAddress()>},
 * then echoes every message with {@code read()} until the socket is closed. Records the status
 * that ended its reads ({@code read:<code>}) and its onPostServer ({@code post:<close code>}).
 */
@CspClass(value = "Rel.TlsEcho", useSession = false)
public class TlsEcho extends CspWebSocket {

    @Override
    protected CspStatus onPreServer() {
        Probe.count("tls.pre");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        String id = getWebSocketId();
        write("id:" + id);
        write("origin=" + getRequestHeader("Origin") + "\ngateway=" + getGatewayClientAddress());
        for (;;) {
            ReadResult r = read();
            if (!r.status().isOk()) {
                Probe.event(id, "read:" + r.status().code());
                return endServer();
            }
            write(r.data());
        }
    }

    @Override
    protected CspStatus onPostServer() {
        Probe.event(getWebSocketId(), "post:" + getCloseCode());
        return CspStatus.OK;
    }
}
