package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * A page without an origin allow-list of its own (SPEC §8.2). Every construction increments
 * the board counter {@link #INSTANCES}, so the test sees whether a refused handshake created a
 * page; {@code onPreServer} increments {@code <token>.pre}. {@code server()} sends
 * {@code origin=<the Origin header>} and returns (close 1000).
 */
@CspClass("TCK.Origin")
public class OriginPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Origin";
    /** Board key: how many instances of this class were created in the deployment. */
    public static final String INSTANCES = "TCK.Origin.instances";

    /** Created by the runtime; counted. */
    public OriginPage() {
        Board.increment(INSTANCES);
    }

    @Override
    protected CspStatus onPreServer() {
        Board.increment(key("pre"));
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write("origin=" + getRequestHeader("Origin"));
        return CspStatus.OK;
    }
}
