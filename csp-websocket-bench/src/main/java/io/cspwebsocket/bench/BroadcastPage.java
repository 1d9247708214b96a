package io.cspwebsocket.bench;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * A broadcast receiver: a synchronous page blocked in {@code read} (as in the IRIS chat
 * examples); the messages come from {@link ControlServlet} through {@code openServer} or
 * {@code broadcast}.
 */
@CspClass("Bench.Broadcast")
public class BroadcastPage extends ReadLoopPage {

    /** Created by the runtime, one per connection. */
    public BroadcastPage() {
    }

    @Override
    protected CspStatus onMessage(String message) {
        return CspStatus.OK;
    }
}
