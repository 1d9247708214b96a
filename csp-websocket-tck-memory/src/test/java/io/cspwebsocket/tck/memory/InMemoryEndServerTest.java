package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.EndServerVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link EndServerVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryEndServerTest extends EndServerVerification {

    InMemoryEndServerTest() {
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
