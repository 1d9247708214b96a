package io.cspwebsocket.spring.boot.tests.unsupported;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cspwebsocket.spring.boot.UnsupportedServerException;
import org.springframework.boot.SpringApplication;

/** Starts an application that must fail, and finds why. */
final class StartFailures {

    private StartFailures() {
    }

    /**
     * @param application an application the starter cannot serve
     * @return the {@link UnsupportedServerException} somewhere in its start-up failure
     */
    static UnsupportedServerException unsupportedServer(SpringApplication application) {
        Throwable failure = assertThrows(Throwable.class, application::run);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedServerException unsupported) {
                return unsupported;
            }
        }
        throw new AssertionError("no UnsupportedServerException in " + failure, failure);
    }
}
