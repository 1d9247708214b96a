package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;

/** A page with {@code useSession = false} (SPEC §7.1); see {@link SessionPageBase}. */
@CspClass(value = "TCK.SessionOff", useSession = false)
public class SessionOffPage extends SessionPageBase {

    /** The CSP class name. */
    public static final String NAME = "TCK.SessionOff";

    /** Created by the runtime. */
    public SessionOffPage() {
    }
}
