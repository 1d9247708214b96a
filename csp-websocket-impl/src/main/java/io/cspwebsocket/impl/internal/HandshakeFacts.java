package io.cspwebsocket.impl.internal;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What a page may ask about its handshake request (parameters, headers, user, roles, address),
 * copied while the request is alive: containers recycle request objects after the upgrade.
 *
 * <p>Role checks ask the live request during the handshake and remember the answers; after it,
 * remembered answers are reused and other roles are asked of the principal when it can answer
 * ({@code hasRole(String)}, as Tomcat's principal does), else they are {@code false}.
 */
public final class HandshakeFacts {

    private final Map<String, List<String>> parameters;
    private final Map<String, List<String>> headers;
    private final Principal principal;
    private final String remoteAddress;
    private final String localAddress;
    private final Map<String, Boolean> roleAnswers = new ConcurrentHashMap<>();
    private volatile Predicate<String> liveRoleCheck;

    /**
     * @param parameters query parameters (copied)
     * @param headers request headers (copied; looked up case-insensitively)
     * @param principal the authenticated user, or {@code null}
     * @param liveRoleCheck the request's role check, valid until {@link #seal()}
     * @param remoteAddress the client address, or {@code null}
     * @param localAddress the address of this node, e.g. {@code 10.0.0.5:8080}
     */
    public HandshakeFacts(Map<String, List<String>> parameters, Map<String, List<String>> headers,
                          Principal principal, Predicate<String> liveRoleCheck, String remoteAddress,
                          String localAddress) {
        this.parameters = Map.copyOf(parameters);
        TreeMap<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseless.put(name, List.copyOf(values)));
        this.headers = caseless;
        this.principal = principal;
        this.liveRoleCheck = liveRoleCheck;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
    }

    /** The handshake is over: stop asking the (recycled) request. */
    public void seal() {
        liveRoleCheck = null;
    }

    String parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    Principal principal() {
        return principal;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    String localAddress() {
        return localAddress;
    }

    boolean isUserInRole(String role) {
        if (principal == null) {
            return false;
        }
        Predicate<String> live = liveRoleCheck;
        if (live != null) {
            return roleAnswers.computeIfAbsent(role, live::test);
        }
        Boolean known = roleAnswers.get(role);
        return known != null ? known : principalHasRole(role);
    }

    private boolean principalHasRole(String role) {
        try {
            Method hasRole = principal.getClass().getMethod("hasRole", String.class);
            return Boolean.TRUE.equals(hasRole.invoke(principal, role));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
