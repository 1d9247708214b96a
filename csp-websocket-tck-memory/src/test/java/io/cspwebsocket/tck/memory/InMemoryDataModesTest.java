package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.DataModesVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** {@link DataModesVerification} on csp-websocket-test's in-memory runtime: no container, no socket. */
class InMemoryDataModesTest extends DataModesVerification {

    InMemoryDataModesTest() {
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

    @Test
    @Disabled("sends raw frames (invalid UTF-8) over a socket: needs a wire")
    @Override
    public void required_spec3_3_invalidUtf8TextClosesWith1007AndReadSees7951() {
    }

    @Test
    @Disabled("sends raw frames over a socket: needs a wire")
    @Override
    public void required_spec9_noDataFramingReadsAcrossMessageBoundaries() {
    }
}
