package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.ShutdownVerification;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ShutdownVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryShutdownTest extends ShutdownVerification {

    InMemoryShutdownTest() {
        deploymentUrl = InMemoryRun.root();
        deployer = InMemoryRun.deployer(Map.of(UNDEPLOYABLE, CONTEXT_PARAMS));
    }

    /** {@code TckDeployments.war()}; the test deploys {@link ShutdownVerification#undeployableWar()} itself. */
    @BeforeAll
    static void start() {
        InMemoryRun.start();
    }

    @AfterAll
    static void stop() {
        InMemoryRun.stop();
    }
}
