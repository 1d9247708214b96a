package io.cspwebsocket.tck.jetty;

import io.cspwebsocket.tck.ContainerLoginVerification;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.util.security.Credential;

/**
 * The users of {@link ContainerLoginVerification} in a Jetty realm named
 * {@value ContainerLoginVerification#REALM}: alice (roles {@code user}, {@code admin}), bob
 * ({@code user}) and eve ({@code guest}), each with the password {@code <name>-secret}.
 *
 * <p>Jetty ignores the Tomcat realm the WAR brings ({@code META-INF/context.xml}); a web
 * application's security handler finds a {@link LoginService} among the server's beans by the
 * realm name of its {@code <login-config>}, so the runner adds this one to the server, as an
 * administrator would configure a Jetty server's realm.
 */
final class TckUsers {

    private TckUsers() {
    }

    /** @return a login service with the TCK's three users */
    static LoginService loginService() {
        UserStore users = new UserStore();
        add(users, "alice", "user", "admin");
        add(users, "bob", "user");
        add(users, "eve", "guest");
        HashLoginService service = new HashLoginService(ContainerLoginVerification.REALM);
        service.setUserStore(users);
        return service;
    }

    private static void add(UserStore users, String name, String... roles) {
        users.addUser(name, Credential.getCredential(name + "-secret"), roles);
    }
}
