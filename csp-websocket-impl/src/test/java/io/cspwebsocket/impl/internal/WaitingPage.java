package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import java.time.Duration;

/** A page that waits in {@code server()} until its socket closes (or 30 s): for tests that drive a connection. */
@CspClass("Test.Waiting")
public class WaitingPage extends CspWebSocket {

    /** Created by the runtime. */
    public WaitingPage() {
    }

    @Override
    protected CspStatus server() {
        read(1, Duration.ofSeconds(30));
        return CspStatus.OK;
    }
}
