package io.cspwebsocket.spring.boot.tests.metrics;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;

/** Writes 64 KiB messages until a write fails: to a client that does not read, that is a send timeout. */
@CspClass("Metered.Flood")
public class MeteredFlood extends CspWebSocket {

    private static final String CHUNK = "x".repeat(64 * 1024);

    @Override
    protected CspStatus server() {
        for (int i = 0; i < 4096 && write(CHUNK).isOk(); i++) {
            // at most 256 MiB: a client that never stops reading ends the page all the same
        }
        return endServer();
    }
}
