package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.reliability.probe.Probe;
import java.time.Duration;

/**
 * For flooding clients: reads nothing until the probe's gate opens, then reads every message,
 * checking the numbering, and answers {@code end} with {@code got <n> <chars>}.
 */
@CspClass(value = "Rel.Sink", useSession = false)
public class Sink extends CspWebSocket {

    @Override
    protected CspStatus server() {
        String id = getWebSocketId();
        Probe.thread(Thread.currentThread());
        write("id:" + id);
        Probe.passGate();
        Numbered numbered = new Numbered(id);
        StringBuilder message = new StringBuilder();
        long chars = 0;
        while (true) {
            ReadResult r = read(1 << 20, Duration.ofSeconds(60));
            if (r.status().isTimeout()) {
                continue;
            }
            if (!r.status().isOk()) {
                Probe.event(id, "read:" + r.status().code());
                return endServer();
            }
            message.append(r.data());
            if (!r.atEnd()) {
                continue;
            }
            String data = message.toString();
            message.setLength(0);
            if (data.equals("end")) {
                write("got " + numbered.received() + " " + chars);
                continue;
            }
            chars += data.length();
            numbered.check(data);
        }
    }

    @Override
    protected CspStatus onPostServer() {
        Probe.event(getWebSocketId(), "post:" + getCloseCode());
        Probe.count("post");
        return CspStatus.OK;
    }
}
