package io.cspwebsocket.spring.boot.tests.metrics;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;

/** Echoes in {@code onClientMessage} (shared mode); {@code fail} returns an error status (a callback error). */
@CspClass("Metered.Shared")
public class MeteredShared extends CspWebSocket {

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close != 0) {
            return CspStatus.OK;
        }
        return "fail".equals(data) ? CspStatus.error("asked to fail") : write(data);
    }
}
