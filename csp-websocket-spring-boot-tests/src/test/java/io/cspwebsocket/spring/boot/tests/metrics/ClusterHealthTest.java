package io.cspwebsocket.spring.boot.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * The health indicator of an application with a cluster binding: UP while the binding is
 * connected, DOWN (HTTP 503 from {@code /actuator/health}) with the node and binding named while it
 * is not.
 */
@SpringBootTest(classes = MetricsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health",
                "management.endpoint.health.show-details=always",
                "csp.websocket.init-parameters[" + FakeClusterProvider.PARAMETER + "]=on"})
class ClusterHealthTest {

    @Autowired
    private Environment environment;

    @AfterEach
    void reconnect() {
        FakeClusterProvider.connected = true;
    }

    @Test
    void upWhileTheBindingIsConnectedDownWhileItIsNot() throws Exception {
        Actuator actuator = new Actuator(environment.getProperty("local.server.port"));
        HttpResponse<String> health = actuator.get("/actuator/health");
        assertEquals(200, health.statusCode(), health.body());
        String component = Actuator.healthComponent(health.body(), "cspWebSocket");
        assertTrue(component.contains("\"status\":\"UP\""), component);
        assertTrue(component.contains("\"cluster\":\"connected\""), component);
        assertTrue(component.contains("\"node\":\"fake-node\""), component);

        FakeClusterProvider.connected = false;
        health = actuator.get("/actuator/health");
        assertEquals(503, health.statusCode(), health.body());
        component = Actuator.healthComponent(health.body(), "cspWebSocket");
        assertTrue(component.contains("\"status\":\"DOWN\""), component);
        assertTrue(component.contains("\"cluster\":\"disconnected\""), component);
        assertTrue(component.contains("\"binding\":\"" + FakeClusterProvider.class.getName() + "$FakeCluster\""),
                component);
    }
}
