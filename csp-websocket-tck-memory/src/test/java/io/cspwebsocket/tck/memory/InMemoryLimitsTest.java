package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.LimitsVerification;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link LimitsVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryLimitsTest extends LimitsVerification {

    InMemoryLimitsTest() {
        deploymentUrl = InMemoryRun.root();
    }

    /** {@code TckDeployments.limitsWar()}: its own name and small limits. */
    @BeforeAll
    static void start() {
        InMemoryRun.start("csp-tck-limits", CONTEXT_PARAMS);
    }

    @AfterAll
    static void stop() {
        InMemoryRun.stop();
    }

    @Test
    @Disabled("needs TCP back-pressure: in memory a client's sends never stall")
    @Override
    public void required_spec3_5_pageThatNeverReadsAppliesBackPressure() {
    }

    @Test
    @Disabled("needs a client whose TCP buffers fill: in memory every send to the client completes at once")
    @Override
    public void required_spec4_3_writeBeyondSendTimeoutReturns5001AndCloses1011() {
    }
}
