package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.OriginVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link OriginVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryOriginTest extends OriginVerification {

    InMemoryOriginTest() {
        deploymentUrl = InMemoryRun.ROOT;
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
    @Disabled("deploys a WAR of its own with an application allow-list (Arquillian): one runtime serves the TCK's WAR here")
    @Override
    public void required_spec8_2_applicationAllowListAcceptsListedOrigins() {
    }

    @Test
    @Disabled("deploys a WAR of its own with allowedOrigins=* (Arquillian's Deployer): one runtime serves the TCK's WAR here")
    @Override
    public void required_spec8_2_starAllowsEveryOrigin() {
    }
}
