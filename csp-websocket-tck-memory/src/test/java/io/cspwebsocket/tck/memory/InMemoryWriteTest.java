package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.WriteVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link WriteVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryWriteTest extends WriteVerification {

    InMemoryWriteTest() {
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
    @Disabled("reads the page's facts through the TCK's probe servlet, which needs a servlet container")
    @Override
    public void required_spec4_3_writeAfterClientCloseReturns7951() {
    }

    @Test
    @Disabled("reads the page's facts through the TCK's probe servlet, which needs a servlet container")
    @Override
    public void required_spec4_3_writeAfterEndServerReturns7951() {
    }
}
