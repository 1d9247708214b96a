package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.time.Instant;

/**
 * The example page of SPEC.md, as written there, except that the read timeout (10 s in the
 * SPEC) may be shortened with request parameter {@code timeoutMs} to keep the TCK fast.
 */
@CspClass(value = "MyApp.MyWebSocketServer", application = "/csp/user", useSession = true, subprotocols = {"chat"})
public class SeedEchoPage extends CspWebSocket {

    /** The CSP class name. */
    public static final String NAME = "MyApp.MyWebSocketServer";

    /** Created by the runtime. */
    public SeedEchoPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(false);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        String timeoutMs = getRequestParameter("timeoutMs");
        Duration timeout = timeoutMs == null ? Duration.ofSeconds(10) : Duration.ofMillis(Long.parseLong(timeoutMs));
        for (;;) {
            ReadResult r = read(32656, timeout);
            if (r.status().isClosed()) {
                break;
            }
            if (r.status().isTimeout()) {
                write("Server timed-out at " + Instant.now());
                continue;
            }
            if (r.data().equals("exit")) {
                break;
            }
            write(r.data());
        }
        return endServer();
    }

    @Override
    protected CspStatus onPostServer() {
        return CspStatus.OK;
    }
}
