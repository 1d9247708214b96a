package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.time.Duration;

/**
 * Never reads (SPEC §3.5): writes {@code "ready"}, then waits for signal {@code <token>.release}
 * (at most 60 s) and returns OK.
 */
@CspClass("TCK.NoRead")
public class NoReadPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.NoRead";

    /** Created by the runtime. */
    public NoReadPage() {
    }

    @Override
    protected CspStatus server() {
        write("ready");
        Board.awaitSignal(key("release"), Duration.ofSeconds(60));
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
