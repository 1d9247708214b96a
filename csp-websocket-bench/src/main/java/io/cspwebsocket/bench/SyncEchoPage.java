package io.cspwebsocket.bench;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/** Synchronous echo: the IRIS read/write loop, each message written back from the page's thread. */
@CspClass("Bench.SyncEcho")
public class SyncEchoPage extends ReadLoopPage {

    /** Created by the runtime, one per connection. */
    public SyncEchoPage() {
    }

    @Override
    protected CspStatus onMessage(String message) {
        return write(message);
    }
}
