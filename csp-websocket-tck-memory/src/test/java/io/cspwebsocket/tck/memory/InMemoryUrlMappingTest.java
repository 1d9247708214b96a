package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.UrlMappingVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link UrlMappingVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryUrlMappingTest extends UrlMappingVerification {

    InMemoryUrlMappingTest() {
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
    @Disabled("checks the ServletContainerInitializer's discovery of pages in a WAR: needs a servlet container")
    @Override
    public void required_spec1_2_pagesFoundWithoutWebXml() {
    }
}
