package io.cspwebsocket.tck.pages;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Arrays;
import java.util.Set;

/**
 * An application's own authentication filter, as a user would write one (SPEC §8.3): mapped to
 * every URL, it does nothing unless the request carries its headers.
 * <ul>
 *   <li>{@value #USER} (with {@value #ROLES}, comma-separated): the request goes on wrapped with
 *       that principal and those roles;</li>
 *   <li>{@value #DENY}: the filter answers 401 itself, and the chain goes no further.</li>
 * </ul>
 * Every refusal increments the board counter {@link #DENIED}. Internal TCK use only.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class TckAuthFilter implements Filter {

    /** Request header naming the user to authenticate. */
    public static final String USER = "X-Tck-User";
    /** Request header with the user's roles. */
    public static final String ROLES = "X-Tck-Roles";
    /** Request header that makes the filter refuse the request with 401. */
    public static final String DENY = "X-Tck-Deny";
    /** Board key: how many requests the filter refused. */
    public static final String DENIED = "TCK.AuthFilter.denied";

    /** Created by the container. */
    public TckAuthFilter() {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (http.getHeader(DENY) != null) {
            Board.increment(DENIED);
            ((HttpServletResponse) response).sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        String user = http.getHeader(USER);
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        String roles = http.getHeader(ROLES);
        Set<String> granted = roles == null ? Set.of() : Set.copyOf(Arrays.asList(roles.split(",")));
        Principal principal = () -> user;
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public String getRemoteUser() {
                return user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return granted.contains(role);
            }
        }, response);
    }
}
