package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.time.Duration;

/**
 * Holds {@code onPreServer} until the test raises signal {@code <token>.release}, to show the
 * upgrade is not accepted before {@code onPreServer} returns (SPEC §2.2). Records {@code id}
 * (its WebSocketID) and {@code preEntered}; {@code server()} writes {@code "open"} and ends;
 * {@code onPostServer} records {@code post}.
 */
@CspClass("TCK.Gate")
public class GatePage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Gate";

    /** Created by the runtime. */
    public GatePage() {
    }

    @Override
    protected CspStatus onPreServer() {
        Board.put(key("id"), getWebSocketId());
        Board.put(key("preEntered"), "yes");
        if (!Board.awaitSignal(key("release"), Duration.ofSeconds(60))) {
            return CspStatus.error("the TCK never released the gate");
        }
        Board.put(key("preLeft"), "yes");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write("open");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        Board.put(key("post"), getWebSocketId());
        return CspStatus.OK;
    }
}
