package io.cspwebsocket.spring.boot.tests.unsupported;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spring.boot.UnsupportedServerException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A servlet application on Jetty fails at start-up, saying what is supported. Runs in a surefire
 * execution of its own, with spring-boot-starter-jetty added to the class path: beside Tomcat,
 * Jetty's jars make Boot configure Jetty's WebSocket support instead of Tomcat's, which would take
 * the WebSocket support away from every other test's Tomcat.
 */
class JettyServerTest {

    /** Boot's Jetty server factory: its package moved in Boot 4.0. */
    private static final List<String> JETTY_FACTORIES = List.of(
            "org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory", // Boot 3.5
            "org.springframework.boot.jetty.servlet.JettyServletWebServerFactory");     // Boot 4.0

    @Test
    void aServletApplicationOnJettyFailsToStartNamingEmbeddedTomcat() {
        SpringApplication application = UnsupportedApplication.application();
        application.setWebApplicationType(WebApplicationType.SERVLET);
        // The application's own server factory replaces Boot's default one (Tomcat, also on this class path).
        application.addInitializers((ApplicationContextInitializer<GenericApplicationContext>)
                context -> context.registerBean("jetty", jettyFactory()));
        UnsupportedServerException cause = StartFailures.unsupportedServer(application);
        assertTrue(cause.getMessage().contains("embedded Tomcat")
                && cause.getMessage().toLowerCase(Locale.ROOT).contains("jetty"), cause.getMessage());
    }

    private static Class<?> jettyFactory() {
        for (String name : JETTY_FACTORIES) {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                // the other Boot version's name
            }
        }
        throw new AssertionError("no Jetty server factory of Spring Boot on the class path");
    }
}
