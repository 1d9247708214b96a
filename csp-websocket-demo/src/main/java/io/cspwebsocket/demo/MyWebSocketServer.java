package io.cspwebsocket.demo;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.time.Instant;

/**
 * The echo server of the InterSystems documentation, {@code MyApp.MyWebSocketServer}, served at
 * {@code /csp/user/MyApp.MyWebSocketServer.cls}.
 *
 * <p>{@link #server()} is the IRIS {@code Server()} method line for line: it reads with a
 * 10-second timeout, writes {@code "Server timed-out at <time>"} whenever a read times out,
 * echoes every other message, and ends the socket (close code 1000) when the client sends
 * {@code exit} or goes away. It runs on a thread of its own, one page instance per client, so the
 * blocking loop needs no callbacks and no locking.
 */
@CspClass(value = "MyApp.MyWebSocketServer",
          application = "/csp/user",
          useSession = true,
          subprotocols = {"chat"})
public class MyWebSocketServer extends CspWebSocket {

    /** How long one {@code read} waits before the page reports a time-out (IRIS: {@code timeout=10}). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** Created by the runtime, one instance per connection. */
    public MyWebSocketServer() {
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(false);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        for (;;) {
            ReadResult r = read(DEFAULT_READ_LENGTH, READ_TIMEOUT);
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
