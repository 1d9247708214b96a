package io.cspwebsocket.spring.boot.tests.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cspwebsocket.spring.boot.tests.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * The reason for the starter: with its auto-configuration excluded, Spring Boot does not run the
 * library's {@code ServletContainerInitializer} from its jar, and the page is not served.
 */
@SpringBootTest(classes = EchoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"echo.suffix=!",
                "spring.autoconfigure.exclude=io.cspwebsocket.spring.boot.CspWebSocketAutoConfiguration"})
class WithoutStarterTest {

    @Autowired
    private Environment environment;

    @Test
    void noPageIsServedWithoutTheAutoConfiguration() throws Exception {
        assertEquals(404, WsClient.handshakeStatus(
                "ws://127.0.0.1:" + environment.getProperty("local.server.port") + "/csp/user/Spring.Echo.cls", Map.of()));
    }
}
