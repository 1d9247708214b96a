package io.cspwebsocket.spring.boot.tests.invalid;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

/** SPEC §1.3 under Spring Boot: an invalid page fails the start-up with its name in the message. */
class InvalidPagesTest {

    @Test
    void anAbstractPageFailsTheStartNamingIt() {
        SpringApplication application = new SpringApplication(InvalidPagesApplication.class);
        application.setDefaultProperties(Map.<String, Object>of("server.port", "0", "server.address", "127.0.0.1"));
        Throwable failure = assertThrows(Throwable.class, application::run);
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        assertTrue(messages.toString().contains(InvalidPagesApplication.AbstractPage.class.getName() + " is annotated @CspClass but is abstract"),
                messages.toString());
    }
}
