package io.cspwebsocket.bench;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/** Shared-mode echo: {@code onClientMessage} writes each message back. */
@CspClass("Bench.SharedEcho")
public class SharedEchoPage extends io.cspwebsocket.CspWebSocket {

    /** Created by the runtime, one per connection. */
    public SharedEchoPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        ServerStats.handshake(getRequestHeader("Sec-WebSocket-Extensions"));
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        ServerStats.CSP_SHARED_OPEN.incrementAndGet();
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close != 0) {
            return CspStatus.OK;
        }
        CspStatus status = write(data);
        if (status.isError() && !status.isClosed()) {
            ServerStats.ERRORS.incrementAndGet();
        }
        return status.isClosed() ? CspStatus.OK : status;
    }

    @Override
    protected CspStatus onPostServer() {
        ServerStats.CSP_SHARED_OPEN.decrementAndGet();
        return CspStatus.OK;
    }
}
