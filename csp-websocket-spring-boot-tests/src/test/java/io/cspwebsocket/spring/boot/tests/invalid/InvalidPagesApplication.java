package io.cspwebsocket.spring.boot.tests.invalid;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspWebSocket;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with a page that cannot be served: its start-up must fail naming the class. */
@SpringBootApplication
public class InvalidPagesApplication {

    /** Abstract, so not a page (SPEC §1.3). */
    @CspClass("Spring.Abstract")
    public abstract static class AbstractPage extends CspWebSocket {
    }
}
