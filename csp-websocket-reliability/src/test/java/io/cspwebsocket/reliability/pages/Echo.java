package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.reliability.probe.Probe;
import java.time.Duration;

/**
 * Synchronous echo (the seed's loop): sends {@code id:<WebSocketID>}, then echoes every message,
 * checking numbered ones arrive in order. Records the status that ended its reads and its
 * onPostServer.
 */
@CspClass(value = "Rel.Echo", useSession = false)
public class Echo extends CspWebSocket {

    @Override
    protected CspStatus server() {
        String id = getWebSocketId();
        Probe.thread(Thread.currentThread());
        Numbered numbered = new Numbered(id);
        write("id:" + id);
        StringBuilder message = new StringBuilder();
        while (true) {
            ReadResult r = read(1 << 20, Duration.ofSeconds(60));
            if (r.status().isTimeout()) {
                continue;
            }
            if (!r.status().isOk()) {
                Probe.event(id, "read:" + r.status().code());
                break;
            }
            message.append(r.data());
            if (!r.atEnd()) {
                continue;
            }
            String data = message.toString();
            message.setLength(0);
            numbered.check(data);
            CspStatus written = write(data);
            if (!written.isOk()) {
                Probe.event(id, "write:" + written.code());
            }
        }
        return endServer();
    }

    @Override
    protected CspStatus onPostServer() {
        Probe.event(getWebSocketId(), "post:" + getCloseCode());
        Probe.count("post");
        return CspStatus.OK;
    }
}
