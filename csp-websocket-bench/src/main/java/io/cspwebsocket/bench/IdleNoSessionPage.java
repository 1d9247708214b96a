package io.cspwebsocket.bench;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/** As {@link IdlePage}, with {@code useSession = false}: no HTTP session per connection. */
@CspClass(value = "Bench.IdleNoSession", useSession = false)
public class IdleNoSessionPage extends ReadLoopPage {

    /** Created by the runtime, one per connection. */
    public IdleNoSessionPage() {
    }

    @Override
    protected CspStatus onMessage(String message) {
        return CspStatus.OK;
    }
}
