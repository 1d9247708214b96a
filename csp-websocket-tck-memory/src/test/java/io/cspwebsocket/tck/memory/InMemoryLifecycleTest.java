package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.LifecycleVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link LifecycleVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryLifecycleTest extends LifecycleVerification {

    InMemoryLifecycleTest() {
        deploymentUrl = InMemoryRun.root();
    }

    @BeforeAll
    static void start() {
        InMemoryRun.start();
    }

    @AfterAll
    static void stop() {
        InMemoryRun.stop();
    }

    @Test
    @Disabled("also checks the address over a raw HTTP request to the page's URL: needs a wire")
    @Override
    public void required_spec6_4_gatewayClientAddressIsTheAcceptingConnector() {
    }
}
