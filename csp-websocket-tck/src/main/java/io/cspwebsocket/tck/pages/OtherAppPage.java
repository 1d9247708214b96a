package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/** A page in another CSP application ({@code /csp/other}): greets, then ends. */
@CspClass(value = "TCK.Other", application = "/csp/other")
public class OtherAppPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Other";
    /** The application path. */
    public static final String APPLICATION = "/csp/other";

    /** Created by the runtime. */
    public OtherAppPage() {
    }

    @Override
    protected CspStatus server() {
        write("other");
        return CspStatus.OK;
    }
}
