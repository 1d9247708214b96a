package io.cspwebsocket.sample;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import java.time.Clock;
import java.time.Duration;

/**
 * The InterSystems documentation's echo server, {@code MyApp.MyWebSocketServer}, as in the demo,
 * with its one dependency injected: the {@link Clock} bean, through the constructor (a page under
 * Spring Boot needs no no-argument constructor). One instance per connection.
 */
@CspClass(value = "MyApp.MyWebSocketServer", subprotocols = {"chat"})
public class EchoServer extends CspWebSocket {

    /** How long one {@code read} waits before the page reports a time-out (IRIS: {@code timeout=10}). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Clock clock;

    /** @param clock the application's clock bean */
    public EchoServer(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected CspStatus server() {
        for (;;) {
            ReadResult r = read(DEFAULT_READ_LENGTH, READ_TIMEOUT);
            if (r.status().isClosed()) {
                break;
            }
            if (r.status().isTimeout()) {
                write("Server timed-out at " + clock.instant());
                continue;
            }
            if (r.data().equals("exit")) {
                break;
            }
            write(r.data());
        }
        return endServer();
    }
}
