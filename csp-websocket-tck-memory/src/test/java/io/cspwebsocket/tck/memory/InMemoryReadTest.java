package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.ReadVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link ReadVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryReadTest extends ReadVerification {

    InMemoryReadTest() {
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
    @Disabled("in memory, read timeouts follow the runtime's TestClock, which this verification does not advance")
    @Override
    public void required_spec3_2_timeoutReturnsEmpty7950AndSocketStaysOpen() {
    }
}
