package io.cspwebsocket.bench;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/** An idle synchronous page: blocked in {@code read} for as long as the client stays (default session use). */
@CspClass("Bench.Idle")
public class IdlePage extends ReadLoopPage {

    /** Created by the runtime, one per connection. */
    public IdlePage() {
    }

    @Override
    protected CspStatus onMessage(String message) {
        return CspStatus.OK;
    }
}
