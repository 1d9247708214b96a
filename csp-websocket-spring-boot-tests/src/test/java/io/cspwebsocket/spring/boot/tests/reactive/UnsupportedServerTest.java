package io.cspwebsocket.spring.boot.tests.reactive;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spring.boot.UnsupportedServerException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/** An application the starter cannot serve fails at start-up, saying what is supported. */
class UnsupportedServerTest {

    @Test
    void aReactiveApplicationFailsToStartNamingEmbeddedTomcat() {
        SpringApplication application = new SpringApplication(ReactiveApplication.class);
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        application.setDefaultProperties(Map.<String, Object>of("server.port", "0", "server.address", "127.0.0.1"));
        Throwable failure = assertThrows(Throwable.class, application::run);
        UnsupportedServerException cause = find(failure);
        assertNotNull(cause, "no UnsupportedServerException in " + failure);
        assertTrue(cause.getMessage().contains("embedded Tomcat") && cause.getMessage().contains("reactive"),
                cause.getMessage());
    }

    private static UnsupportedServerException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedServerException unsupported) {
                return unsupported;
            }
        }
        return null;
    }
}
