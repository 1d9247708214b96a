package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * A page that allows every origin ({@code allowedOrigins = "*"}, SPEC §8.2).
 * {@code server()} sends {@code origin=<the Origin header>} and returns (close 1000).
 */
@CspClass(value = "TCK.OriginAny", allowedOrigins = "*")
public class OriginAnyPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.OriginAny";

    /** Created by the runtime. */
    public OriginAnyPage() {
    }

    @Override
    protected CspStatus server() {
        write("origin=" + getRequestHeader("Origin"));
        return CspStatus.OK;
    }
}
