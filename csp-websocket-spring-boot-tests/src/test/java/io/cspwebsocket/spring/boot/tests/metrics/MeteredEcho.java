package io.cspwebsocket.spring.boot.tests.metrics;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/** Echoes on its own thread (synchronous mode); refuses the handshake with {@code ?refuse=yes}. */
@CspClass("Metered.Echo")
public class MeteredEcho extends CspWebSocket {

    @Override
    protected CspStatus onPreServer() {
        return "yes".equals(getRequestParameter("refuse")) ? CspStatus.error("refused on request") : CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        for (;;) {
            ReadResult r = read(32656, Duration.ofSeconds(30));
            if (r.status().isClosed() || "exit".equals(r.data())) {
                return endServer();
            }
            if (!r.status().isTimeout()) {
                write(r.data());
            }
        }
    }
}
