package io.cspwebsocket.spring.boot.tests.echo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A setting given both as a {@code csp.websocket.*} property and as a context parameter
 * ({@code server.servlet.context-parameters}) must agree: the library reads only one of them, so
 * two different values fail the start-up instead of one being ignored.
 */
class ConflictingSettingsTest {

    private static SpringApplication application(String contextParameter) {
        SpringApplication application = new SpringApplication(EchoApplication.class);
        application.setDefaultProperties(Map.<String, Object>of("server.port", "0", "server.address", "127.0.0.1",
                "echo.suffix", "!", "csp.websocket.max-message-size", "1KB",
                "server.servlet.context-parameters[io.cspwebsocket.maxMessageSize]", contextParameter));
        return application;
    }

    @Test
    void twoDifferentValuesFailTheStart() {
        Throwable failure = assertThrows(Throwable.class, () -> application("2048").run());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        assertTrue(messages.toString().contains("io.cspwebsocket.maxMessageSize is set both by a csp.websocket. property"),
                messages.toString());
    }

    @Test
    void theSameValueTwiceIsFine() {
        try (ConfigurableApplicationContext context = application("1024").run()) {
            assertTrue(context.isActive());
        }
    }
}
