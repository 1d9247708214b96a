package io.cspwebsocket.spring.boot.tests.unsupported;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spring.boot.UnsupportedServerException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A servlet application on Undertow (Spring Boot 3.5 only: 4.0 dropped it) fails at start-up,
 * saying what is supported. Runs in a surefire execution of its own with
 * spring-boot-starter-undertow added to the class path, as {@link JettyServerTest} does with Jetty.
 */
class UndertowServerTest {

    @Test
    void aServletApplicationOnUndertowFailsToStartNamingEmbeddedTomcat() {
        UnsupportedServerException cause = StartFailures.onServer(List.of(
                "org.springframework.boot.web.embedded.undertow.UndertowServletWebServerFactory"));
        assertTrue(cause.getMessage().contains("embedded Tomcat")
                && cause.getMessage().toLowerCase(Locale.ROOT).contains("undertow"), cause.getMessage());
    }
}
