package io.cspwebsocket.bench;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * A target of the cross-node scenario: a synchronous page blocked in {@code read}, written to
 * by {@link CrossNodeWriter} through {@code openServer(id)} from node A, whether the page is on A
 * or on B. A class of its own, so that {@code openIds} lists exactly these sockets.
 */
@CspClass("Bench.CrossNode")
public class CrossNodePage extends ReadLoopPage {

    /** Created by the runtime, one per connection. */
    public CrossNodePage() {
    }

    @Override
    protected CspStatus onMessage(String message) {
        return CspStatus.OK;
    }
}
