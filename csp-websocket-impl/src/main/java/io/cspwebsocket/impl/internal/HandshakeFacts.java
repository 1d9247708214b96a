package io.cspwebsocket.impl.internal;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a page may ask about its handshake request (parameters, headers, user, roles, address),
 * copied while the request is alive: containers recycle request objects after the upgrade.
 *
 * <p>Role checks ask the live request during the handshake and remember the answers; after it,
 * remembered answers are reused and other roles are asked of the principal when it can answer
 * ({@code hasRole(String)}, as Tomcat's principal does, or its granted authorities, as Spring
 * Security's {@code Authentication} lists them), else they are {@code false}.
 *
 * <p>An idle page keeps this object for as long as its socket is open, so it is kept small:
 * headers as one flat array of names and first values (a page asks for one value,
 * {@code getRequestHeader}), the usual header names shared, role answers only once asked.
 */
public final class HandshakeFacts {

    /** Header names that nearly every handshake has: one shared copy instead of one per socket. */
    private static final Map<String, String> COMMON_NAMES = Stream.of("Host", "Upgrade", "Connection", "Origin",
            "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions",
            "User-Agent", "Cookie", "Accept", "Accept-Encoding", "Accept-Language", "Cache-Control", "Pragma",
            "Authorization", "Content-Length", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
            "Forwarded", "X-Real-IP", "Referer")
            .collect(Collectors.toUnmodifiableMap(name -> name.toLowerCase(Locale.ROOT), Function.identity()));
    private static final String[] NO_HEADERS = new String[0];

    private final Map<String, List<String>> parameters;
    /** Name, first value, name, first value, ...; looked up case-insensitively. */
    private final String[] headers;
    private final Principal principal;
    private final String remoteAddress;
    /** The local host, or the whole local address when {@link #localPort} is negative. */
    private final String localHost;
    /** Kept apart from the host: the container's host string is shared, a joined one is not. */
    private final int localPort;
    /** Created at the first role question: most pages never ask. */
    private volatile Map<String, Boolean> roleAnswers;
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
        this(parameters, headers, principal, liveRoleCheck, remoteAddress, localAddress, -1);
    }

    /**
     * @param parameters query parameters (copied)
     * @param headers request headers (copied; looked up case-insensitively)
     * @param principal the authenticated user, or {@code null}
     * @param liveRoleCheck the request's role check, valid until {@link #seal()}
     * @param remoteAddress the client address, or {@code null}
     * @param localHost the address of this node's interface, e.g. {@code 10.0.0.5}
     * @param localPort the port the request came in on, e.g. {@code 8080}
     */
    public HandshakeFacts(Map<String, List<String>> parameters, Map<String, List<String>> headers,
                          Principal principal, Predicate<String> liveRoleCheck, String remoteAddress,
                          String localHost, int localPort) {
        this.parameters = Map.copyOf(parameters);
        this.headers = flatten(headers);
        this.principal = principal;
        this.liveRoleCheck = liveRoleCheck;
        this.remoteAddress = remoteAddress;
        this.localHost = localHost;
        this.localPort = localPort;
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
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return headers[i + 1];
            }
        }
        return null;
    }

    private static String[] flatten(Map<String, List<String>> headers) {
        if (headers.isEmpty()) {
            return NO_HEADERS;
        }
        String[] flat = new String[headers.size() * 2];
        int n = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            List<String> values = header.getValue();
            if (values == null || values.isEmpty() || header.getKey() == null) {
                continue;
            }
            String name = header.getKey();
            flat[n++] = COMMON_NAMES.getOrDefault(name.toLowerCase(Locale.ROOT), name);
            flat[n++] = values.get(0);
        }
        return n == flat.length ? flat : java.util.Arrays.copyOf(flat, n);
    }

    Principal principal() {
        return principal;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    String localAddress() {
        return localPort < 0 ? localHost : localHost + ":" + localPort;
    }

    boolean isUserInRole(String role) {
        if (principal == null) {
            return false;
        }
        Predicate<String> live = liveRoleCheck;
        if (live != null) {
            return roleAnswers().computeIfAbsent(role, live::test);
        }
        Map<String, Boolean> answers = roleAnswers;
        Boolean known = answers == null ? null : answers.get(role);
        return known != null ? known : principalHasRole(role);
    }

    private Map<String, Boolean> roleAnswers() {
        Map<String, Boolean> answers = roleAnswers;
        if (answers == null) {
            synchronized (this) {
                answers = roleAnswers;
                if (answers == null) {
                    answers = new ConcurrentHashMap<>();
                    roleAnswers = answers;
                }
            }
        }
        return answers;
    }

    private boolean principalHasRole(String role) {
        try {
            Method hasRole = principal.getClass().getMethod("hasRole", String.class);
            return Boolean.TRUE.equals(hasRole.invoke(principal, role));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return hasAuthority(role);
        }
    }

    /**
     * A principal that lists its granted authorities ({@code getAuthorities()}, each with
     * {@code getAuthority()}), as Spring Security's {@code Authentication} does: the role is
     * granted as itself or with Spring's default prefix, as the request's
     * {@code isUserInRole} answers during the handshake ({@code "USER"} is {@code ROLE_USER}).
     */
    private boolean hasAuthority(String role) {
        try {
            Object authorities = principal.getClass().getMethod("getAuthorities").invoke(principal);
            if (!(authorities instanceof Iterable<?> granted)) {
                return false;
            }
            for (Object authority : granted) {
                Object name = authority == null ? null
                        : authority.getClass().getMethod("getAuthority").invoke(authority);
                if (role.equals(name) || ("ROLE_" + role).equals(name)) {
                    return true;
                }
            }
            return false;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
