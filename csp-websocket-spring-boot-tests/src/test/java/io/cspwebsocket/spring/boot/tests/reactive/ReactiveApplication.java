package io.cspwebsocket.spring.boot.tests.reactive;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A page in an application that is started as a reactive (WebFlux) one. */
@SpringBootApplication
public class ReactiveApplication {

    /** Never served: a reactive application has no servlets. */
    @CspClass("Spring.Reactive")
    public static class ReactivePage extends CspWebSocket {
        @Override
        protected CspStatus server() {
            return endServer();
        }
    }
}
