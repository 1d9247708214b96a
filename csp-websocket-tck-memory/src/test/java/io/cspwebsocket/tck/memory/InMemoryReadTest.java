package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.ReadVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ReadVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryReadTest extends ReadVerification {

    InMemoryReadTest() {
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
