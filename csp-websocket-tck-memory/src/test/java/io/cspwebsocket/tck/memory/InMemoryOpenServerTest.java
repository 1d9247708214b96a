package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.OpenServerVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link OpenServerVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryOpenServerTest extends OpenServerVerification {

    InMemoryOpenServerTest() {
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
