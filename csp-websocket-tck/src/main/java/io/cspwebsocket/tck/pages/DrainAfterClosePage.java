package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * Reads only after the client has closed (SPEC §3.3): writes {@code "ready"}, waits for signal
 * {@code <token>.go}, then reads six times (5 s timeout each) and records the results under
 * {@code <token>.reads} as {@code code:data} items, and {@code endServer()}'s status under
 * {@code <token>.endServer}.
 */
@CspClass("TCK.DrainAfterClose")
public class DrainAfterClosePage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.DrainAfterClose";

    /** Created by the runtime. */
    public DrainAfterClosePage() {
    }

    @Override
    protected CspStatus server() {
        write("ready");
        if (!Board.awaitSignal(key("go"), Duration.ofSeconds(60))) {
            return CspStatus.error("no go signal");
        }
        StringBuilder reads = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            ReadResult r = read(0, Duration.ofSeconds(5));
            reads.append(i == 0 ? "" : ",").append(code(r.status())).append(':').append(r.data());
        }
        Board.put(key("reads"), reads.toString());
        CspStatus ended = endServer();
        Board.put(key("endServer"), code(ended));
        return ended;
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
