package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * A page that allows one cross-site origin of its own, {@link #LISTED}, in addition to the
 * application's list (SPEC §8.2). Counts its instances under {@link #INSTANCES};
 * {@code server()} sends {@code origin=<the Origin header>} and returns (close 1000).
 */
@CspClass(value = "TCK.OriginListed", allowedOrigins = OriginListedPage.LISTED)
public class OriginListedPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.OriginListed";
    /** The origin this page allows. */
    public static final String LISTED = "http://page-listed.example";
    /** Board key: how many instances of this class were created in the deployment. */
    public static final String INSTANCES = "TCK.OriginListed.instances";

    /** Created by the runtime; counted. */
    public OriginListedPage() {
        Board.increment(INSTANCES);
    }

    @Override
    protected CspStatus server() {
        write("origin=" + getRequestHeader("Origin"));
        return CspStatus.OK;
    }
}
