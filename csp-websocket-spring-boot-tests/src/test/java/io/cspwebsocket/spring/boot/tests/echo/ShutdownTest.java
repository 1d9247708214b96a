package io.cspwebsocket.spring.boot.tests.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spring.boot.tests.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SPEC §10 under Spring Boot: closing the application context stops Tomcat, which undeploys the
 * pages: open sockets are closed with 1001, and each page's {@code onPostServer} and
 * {@code @PreDestroy} run while the context's beans are still there.
 */
class ShutdownTest {

    @ParameterizedTest(name = "lazy initialization: {0}")
    @ValueSource(booleans = {false, true})
    void closingTheContextClosesSocketsWith1001AndEndsThePages(boolean lazy) throws Exception {
        SpringApplication application = new SpringApplication(EchoApplication.class);
        application.setDefaultProperties(Map.<String, Object>of("server.port", "0", "server.address", "127.0.0.1",
                "echo.suffix", "!", "spring.main.lazy-initialization", Boolean.toString(lazy)));
        ConfigurableApplicationContext context = application.run();
        PageCensus census = context.getBean(PageCensus.class);
        String port = context.getEnvironment().getProperty("local.server.port");
        try (WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/csp/user/Spring.Echo.cls")) {
            String number = client.ask("number");
            context.close();
            assertEquals(1001, client.awaitClose());
            List<String> events = census.events();
            assertTrue(events.indexOf("onPostServer " + number) >= 0
                    && events.indexOf("onPostServer " + number) < events.indexOf("preDestroy " + number), events.toString());
        } finally {
            context.close();
        }
    }
}
