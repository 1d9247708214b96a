package io.cspwebsocket.spring.boot.tests.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * An application's own tests in Boot's default mock web environment (no server, a mock servlet
 * context) still start with the starter on the class path: nothing is served there, and nothing
 * fails for want of Tomcat.
 */
@SpringBootTest(classes = EchoApplication.class, properties = "echo.suffix=!")
class MockEnvironmentTest {

    @Autowired
    private Greeter greeter;

    @Test
    void theContextStartsWithoutAServer() {
        assertEquals("Hello, mock", greeter.greet("mock"));
    }
}
