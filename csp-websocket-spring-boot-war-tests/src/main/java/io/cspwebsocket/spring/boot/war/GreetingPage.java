package io.cspwebsocket.spring.boot.war;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * A synchronous page with only an injecting constructor: the library's own initializer could not
 * create it (it needs a public no-argument constructor), so it works only if the Spring
 * application's page factory creates it. Greets each line with the injected {@link Greeter} and
 * the page instance's number; {@code exit} ends it.
 */
@CspClass("Boot.Greeting")
public class GreetingPage extends CspWebSocket {

    private final Greeter greeter;
    private final int instance;

    /** @param greeter the greeting bean */
    public GreetingPage(Greeter greeter) {
        this.greeter = greeter;
        this.instance = greeter.pageCreated();
    }

    @Override
    protected CspStatus server() {
        while (true) {
            ReadResult line = read(32_000, Duration.ofMinutes(5));
            if (!line.status().isOk()) {
                return line.status();
            }
            if (line.data().equals("exit")) {
                return CspStatus.OK;
            }
            CspStatus written = write(greeter.greet(line.data()) + " (page " + instance + ")");
            if (!written.isOk()) {
                return written;
            }
        }
    }
}
