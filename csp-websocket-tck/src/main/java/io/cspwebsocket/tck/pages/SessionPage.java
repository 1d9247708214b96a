package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;

/** A page with the default {@code useSession = true} (SPEC §7.1); see {@link SessionPageBase}. */
@CspClass("TCK.Session")
public class SessionPage extends SessionPageBase {

    /** The CSP class name. */
    public static final String NAME = "TCK.Session";

    /** Created by the runtime. */
    public SessionPage() {
    }
}
