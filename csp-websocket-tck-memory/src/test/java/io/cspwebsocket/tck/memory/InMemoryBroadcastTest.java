package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.BroadcastVerification;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link BroadcastVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryBroadcastTest extends BroadcastVerification {

    InMemoryBroadcastTest() {
        deploymentUrl = InMemoryRun.root();
    }

    /** {@link BroadcastVerification#broadcastWar()}: its own name and send timeout. */
    @BeforeAll
    static void start() {
        InMemoryRun.start("csp-tck-broadcast", CONTEXT_PARAMS);
    }

    @AfterAll
    static void stop() {
        InMemoryRun.stop();
    }

    @Test
    @Disabled("needs a client that stops reading its TCP socket (NonReadingClient, a raw socket): in memory every send to a client completes at once")
    @Override
    public void required_spec4_4_broadcastIsNotStalledByAClientThatDoesNotRead() {
    }

    @Test
    @Disabled("needs a client that stops reading its TCP socket (NonReadingClient, a raw socket): in memory every send to a client completes at once")
    @Override
    public void required_spec4_4_writeAsyncIsNotStalledByAClientThatDoesNotRead() {
    }

    @Test
    @Disabled("needs a client that stops reading its TCP socket (NonReadingClient, a raw socket): in memory every send to a client completes at once")
    @Override
    public void required_spec4_3_blockingWriteToAClientThatDoesNotReadReturns5001AndCloses1011() {
    }

    @Test
    @Disabled("needs a client that stops reading its TCP socket (NonReadingClient, a raw socket): in memory every send to a client completes at once")
    @Override
    public void required_spec6_3_clientThatVanishesWithWritesPendingLeavesOpenIds() {
    }
}
