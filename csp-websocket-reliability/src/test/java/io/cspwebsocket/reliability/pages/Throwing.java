package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.reliability.probe.Probe;
import java.time.Duration;

/**
 * Throws from the callback named by the {@code where} parameter ({@code preServer},
 * {@code server}, {@code clientMessage}, {@code postServer}); {@code shared=1} for shared mode.
 * Otherwise it echoes. {@code server} throws on the message {@code boom}, {@code clientMessage}
 * too, so the throw happens mid-traffic.
 */
@CspClass(value = "Rel.Throwing", useSession = false)
public class Throwing extends CspWebSocket {

    private String where;

    @Override
    protected CspStatus onPreServer() {
        where = String.valueOf(getRequestParameter("where"));
        setSharedConnection("1".equals(getRequestParameter("shared")));
        if (where.equals("preServer")) {
            throw new IllegalStateException("thrown by onPreServer on purpose");
        }
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        Probe.thread(Thread.currentThread());
        write("id:" + getWebSocketId());
        if (isSharedConnection()) {
            if (where.equals("server")) {
                throw new IllegalStateException("thrown by server() on purpose");
            }
            return CspStatus.OK;
        }
        while (true) {
            ReadResult r = read(1 << 20, Duration.ofSeconds(60));
            if (r.status().isTimeout()) {
                continue;
            }
            if (!r.status().isOk()) {
                Probe.event(getWebSocketId(), "read:" + r.status().code());
                return endServer();
            }
            if (r.data().equals("boom") && where.equals("server")) {
                throw new IllegalStateException("thrown by server() on purpose");
            }
            write(r.data());
        }
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close == 1) {
            Probe.event(getWebSocketId(), "close:1");
            return CspStatus.OK;
        }
        if (data.equals("boom") && where.equals("clientMessage")) {
            throw new IllegalStateException("thrown by onClientMessage on purpose");
        }
        return write(data);
    }

    @Override
    protected CspStatus onPostServer() {
        Probe.event(getWebSocketId(), "post:" + getCloseCode());
        Probe.count("post");
        if (where.equals("postServer")) {
            throw new IllegalStateException("thrown by onPostServer on purpose");
        }
        return CspStatus.OK;
    }
}
