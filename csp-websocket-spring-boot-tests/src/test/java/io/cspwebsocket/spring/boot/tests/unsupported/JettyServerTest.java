package io.cspwebsocket.spring.boot.tests.unsupported;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spring.boot.UnsupportedServerException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A servlet application on Jetty fails at start-up, saying what is supported. Runs in a surefire
 * execution of its own, with spring-boot-starter-jetty added to the class path: beside Tomcat,
 * Jetty's jars make Boot configure Jetty's WebSocket support instead of Tomcat's, which would take
 * the WebSocket support away from every other test's Tomcat.
 */
class JettyServerTest {

    @Test
    void aServletApplicationOnJettyFailsToStartNamingEmbeddedTomcat() {
        UnsupportedServerException cause = StartFailures.onServer(List.of(
                "org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory", // Boot 3.5
                "org.springframework.boot.jetty.servlet.JettyServletWebServerFactory"));    // Boot 4.0
        assertTrue(cause.getMessage().contains("embedded Tomcat")
                && cause.getMessage().toLowerCase(Locale.ROOT).contains("jetty"), cause.getMessage());
    }
}
