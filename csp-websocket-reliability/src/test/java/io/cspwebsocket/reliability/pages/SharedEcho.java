package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.reliability.probe.Probe;

/** Shared-mode echo: onClientMessage echoes, checking numbered messages arrive in order. */
@CspClass("Rel.SharedEcho")
public class SharedEcho extends CspWebSocket {

    private Numbered numbered;

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        Probe.thread(Thread.currentThread());
        numbered = new Numbered(getWebSocketId());
        write("id:" + getWebSocketId()); // a client gone already is onClientMessage's business
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close == 1) {
            Probe.event(getWebSocketId(), "close:1");
            return CspStatus.OK;
        }
        numbered.check(data);
        CspStatus written = write(data);
        if (!written.isOk()) {
            Probe.event(getWebSocketId(), "write:" + written.code());
        }
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        Probe.event(getWebSocketId(), "post:" + getCloseCode());
        Probe.count("post");
        return CspStatus.OK;
    }
}
