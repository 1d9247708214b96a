package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.time.Duration;

/**
 * Never reads (SPEC §3.5): puts its WebSocketID on the board ({@code <token>.id}), writes
 * {@code "ready"}, then waits for signal {@code <token>.release} (at most 60 s) and returns OK.
 * With {@code writeAfter=1} it then writes once more and puts that write's status code on the
 * board ({@code <token>.writeAfter}).
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
        Board.put(key("id"), getWebSocketId());
        write("ready");
        Board.awaitSignal(key("release"), Duration.ofSeconds(60));
        if (intParam("writeAfter", 0) == 1) {
            Board.put(key("writeAfter"), code(write("after")));
        }
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
