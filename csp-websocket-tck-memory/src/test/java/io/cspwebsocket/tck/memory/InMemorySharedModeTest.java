package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.SharedModeVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link SharedModeVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemorySharedModeTest extends SharedModeVerification {

    InMemorySharedModeTest() {
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
    @Disabled("calls openServer from the TCK's shared-mode servlet, which needs a servlet container")
    @Override
    public void required_spec2_4_pageWithoutOnClientMessageIsReadThroughOpenServer() {
    }

    @Test
    @Disabled("calls openServer from the TCK's shared-mode servlet, which needs a servlet container")
    @Override
    public void required_spec6_2_handleKeptAcrossTheCloseAnswers7951() {
    }

    @Test
    @Disabled("calls openServer from the TCK's shared-mode servlet, which needs a servlet container")
    @Override
    public void required_spec6_3_openIdsNeverListsAClosedSharedSocket() {
    }

    @Test
    @Disabled("reads the server's log through the TCK's log servlet, which needs a servlet container")
    @Override
    public void required_spec2_5_onClientMessageExceptionIsLoggedWithTheWebSocketId() {
    }

    @Test
    @Disabled("needs TCP back-pressure: in memory a client's sends never stall")
    @Override
    public void required_spec3_5_slowOnClientMessageAppliesBackPressureAndLosesNothing() {
    }
}
