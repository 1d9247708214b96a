package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.OriginVerification;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link OriginVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryOriginTest extends OriginVerification {

    InMemoryOriginTest() {
        deploymentUrl = InMemoryRun.root();
        deployer = InMemoryRun.deployer(Map.of(ALLOW_ALL, ALLOW_ALL_PARAMS));
    }

    /** {@link OriginVerification#originWar()}: its own name and allow-list. */
    @BeforeAll
    static void start() {
        InMemoryRun.start(WAR_NAME, CONTEXT_PARAMS);
    }

    @AfterAll
    static void stop() {
        InMemoryRun.stop();
    }
}
