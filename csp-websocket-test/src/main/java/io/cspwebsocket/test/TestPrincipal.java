package io.cspwebsocket.test;

import java.security.Principal;
import java.util.Set;

/**
 * The authenticated user of a request made with {@link PageRequest#user}: a name and its roles.
 * The page sees it through {@code getUserPrincipal()} and {@code isUserInRole(role)}, during
 * {@code onPreServer} and afterwards (the core asks the principal's {@link #hasRole} once the
 * handshake is over, as it asks Tomcat's).
 */
public final class TestPrincipal implements Principal {

    private final String name;
    private final Set<String> roles;

    /**
     * @param name the user name
     * @param roles the user's roles
     */
    public TestPrincipal(String name, Set<String> roles) {
        this.name = name;
        this.roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return name;
    }

    /**
     * @param role a role name
     * @return whether the user has it
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return "TestPrincipal[" + name + ", roles " + roles + "]";
    }
}
