package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.WriteVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link WriteVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryWriteTest extends WriteVerification {

    InMemoryWriteTest() {
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
}
