package io.cspwebsocket.spring.boot.tests.secure;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import java.security.Principal;

/**
 * A page under a URL that Spring Security protects: it reports the principal and roles it saw in
 * {@code onPreServer}, and in {@code server()} on its own thread.
 */
@CspClass(value = "Spring.WhoAmI", application = "/csp/secure")
public class WhoAmIPage extends CspWebSocket {

    private final HandshakeLog log;
    private String seenInPreServer;

    /** @param log injected */
    public WhoAmIPage(HandshakeLog log) {
        this.log = log;
        log.add("constructed");
    }

    @Override
    protected CspStatus onPreServer() {
        Principal user = getUserPrincipal();
        seenInPreServer = (user == null ? "nobody" : user.getName()) + "|USER=" + isUserInRole("USER")
                + "|ADMIN=" + isUserInRole("ADMIN");
        log.add("onPreServer " + seenInPreServer);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write(seenInPreServer);
        // On the page's own thread, after the handshake: the roles asked in onPreServer are remembered.
        write(getUserPrincipal().getName() + "|USER=" + isUserInRole("USER") + "|ADMIN=" + isUserInRole("ADMIN"));
        // A role first asked here, after the handshake: Spring Security's principal cannot be asked
        // about roles, so the library answers false (README: ask roles in onPreServer).
        write("AUDITOR=" + isUserInRole("AUDITOR") + "|GUEST=" + isUserInRole("GUEST"));
        return endServer();
    }
}
