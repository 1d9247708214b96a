package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.security.Principal;

/**
 * Reports what the page learnt of its user (SPEC §8.3: the application's filters run before page
 * code). Every construction increments {@link #INSTANCES}; {@code onPreServer} records
 * {@code <token>.pre} as {@code user=<name or null> admin=<isUserInRole("admin")>}; {@code server()}
 * writes the same text, then returns (close 1000).
 */
@CspClass("TCK.Principal")
public class PrincipalPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Principal";
    /** Board key: how many instances were created. */
    public static final String INSTANCES = "TCK.Principal.instances";

    /** Created by the runtime; counted. */
    public PrincipalPage() {
        Board.increment(INSTANCES);
    }

    @Override
    protected CspStatus onPreServer() {
        Board.put(key("pre"), describe());
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write(describe());
        return CspStatus.OK;
    }

    private String describe() {
        Principal user = getUserPrincipal();
        return "user=" + (user == null ? null : user.getName()) + " admin=" + isUserInRole("admin");
    }
}
