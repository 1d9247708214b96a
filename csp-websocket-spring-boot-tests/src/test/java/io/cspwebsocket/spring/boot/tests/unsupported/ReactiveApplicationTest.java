package io.cspwebsocket.spring.boot.tests.unsupported;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spring.boot.UnsupportedServerException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/** A reactive (WebFlux) application has no servlets: it fails at start-up, saying what is supported. */
class ReactiveApplicationTest {

    @Test
    void aReactiveApplicationFailsToStartNamingEmbeddedTomcat() {
        SpringApplication application = UnsupportedApplication.application();
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        UnsupportedServerException cause = StartFailures.unsupportedServer(application);
        assertTrue(cause.getMessage().contains("embedded Tomcat") && cause.getMessage().contains("reactive"),
                cause.getMessage());
    }
}
