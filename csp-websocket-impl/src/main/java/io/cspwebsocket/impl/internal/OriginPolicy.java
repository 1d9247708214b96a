package io.cspwebsocket.impl.internal;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a handshake's {@code Origin} may open a page (SPEC §8.2).
 *
 * <p>Allowed: no {@code Origin} header (non-browser clients), the same origin as the request
 * (scheme, host and port of the request's scheme and {@code Host} header; host compared
 * case-insensitively, without DNS; default ports 80/443 filled in), or an origin on the allow-list
 * ({@code *} allows all). Everything else is refused, {@code Origin: null} included: a browser
 * sends the session cookie with a cross-site WebSocket handshake, so without this check any site
 * could drive a logged-in user's socket.
 */
public final class OriginPolicy {

    private final Set<String> allowed;
    private final boolean allowAll;

    private OriginPolicy(Set<String> allowed) {
        this.allowed = allowed;
        this.allowAll = allowed.contains("*");
    }

    /**
     * @param allowedOrigins origins such as {@code https://app.example.com}, or {@code *}
     * @return the policy
     */
    public static OriginPolicy allowing(Collection<String> allowedOrigins) {
        return new OriginPolicy(allowedOrigins.stream()
                .map(String::trim)
                .filter(origin -> !origin.isEmpty())
                .map(origin -> origin.equals("*") ? origin : normalise(origin))
                .filter(origin -> origin != null)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * @param extraOrigins origins allowed for one page in addition to these
     * @return a policy allowing both
     */
    public OriginPolicy with(Collection<String> extraOrigins) {
        if (extraOrigins.isEmpty()) {
            return this;
        }
        java.util.List<String> all = new java.util.ArrayList<>(allowed);
        all.addAll(extraOrigins);
        return allowing(all);
    }

    /**
     * @param origin the {@code Origin} header, or {@code null} if absent
     * @param requestScheme the request's scheme ({@code http} or {@code https}, or {@code ws}/{@code wss})
     * @param host the request's {@code Host} header (host and optional port)
     * @return whether the handshake may proceed
     */
    public boolean allows(String origin, String requestScheme, String host) {
        if (origin == null || allowAll) {
            return true;
        }
        String normalised = normalise(origin.trim());
        if (normalised == null) {
            return false; // "null", or not an origin at all
        }
        return normalised.equals(sameOrigin(requestScheme, host)) || allowed.contains(normalised);
    }

    /** {@code scheme://host:port}, lower-case, default port filled in; {@code null} if not an origin. */
    static String normalise(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    && !uri.getRawPath().equals("/"))) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String sameOrigin(String requestScheme, String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String scheme = requestScheme.toLowerCase(Locale.ROOT);
        String httpScheme = scheme.equals("wss") || scheme.equals("https") ? "https" : "http";
        return normalise(httpScheme + "://" + host.trim());
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }
}
