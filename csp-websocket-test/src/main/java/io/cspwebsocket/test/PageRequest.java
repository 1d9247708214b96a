package io.cspwebsocket.test;

import io.cspwebsocket.impl.internal.QueryParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An opening handshake to a page, being described: its query parameters, headers, Origin, user
 * and session attributes. {@link #connect()} or {@link #handshake()} then runs it through the
 * adapter's handshake decisions (Origin, {@code onPreServer}, subprotocol) and opens the socket.
 *
 * <p>By default the request comes from a non-browser client (no {@code Origin}), to
 * {@code Host: localhost:8080} over {@code http}, from {@code 127.0.0.1}, with no user and an
 * empty session.
 */
public final class PageRequest {

    private final MemoryHandshake handshake;
    private final String path;
    private final Map<String, List<String>> parameters = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, Object> sessionAttributes = new LinkedHashMap<>();
    private final List<String> subprotocols = new ArrayList<>();
    private TestPrincipal user;
    private String remoteAddress = "127.0.0.1";
    private String scheme = "http";

    PageRequest(MemoryHandshake handshake, String pathAndQuery) {
        this.handshake = handshake;
        int query = pathAndQuery.indexOf('?');
        this.path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        if (query >= 0) {
            QueryParameters.parse(pathAndQuery.substring(query + 1))
                    .forEach((name, values) -> parameters.put(name, new ArrayList<>(values)));
        }
        header("Host", "localhost:8080");
    }

    /**
     * Adds a query parameter value (IRIS {@code %request.Data(name, n)}).
     *
     * @param name the parameter name
     * @param value a value; a parameter may have several
     * @return this request
     */
    public PageRequest parameter(String name, String value) {
        parameters.computeIfAbsent(Objects.requireNonNull(name, "name"), key -> new ArrayList<>())
                .add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets a request header (replacing an earlier value of the same name, in any case).
     *
     * @param name the header name
     * @param value its value
     * @return this request
     */
    public PageRequest header(String name, String value) {
        Objects.requireNonNull(name, "name");
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, List.of(Objects.requireNonNull(value, "value")));
        return this;
    }

    /**
     * Sets the {@code Origin} header, as a browser sends it; the adapter compares it with the
     * request's scheme and {@code Host} and the allowed origins (SPEC §8.2).
     *
     * @param origin e.g. {@code http://localhost:8080}
     * @return this request
     */
    public PageRequest origin(String origin) {
        return header("Origin", origin);
    }

    /**
     * Makes the request over {@code https} instead of {@code http} (for the same-origin check).
     *
     * @return this request
     */
    public PageRequest secure() {
        this.scheme = "https";
        return this;
    }

    /**
     * Makes the request as an authenticated user.
     *
     * @param name the user name ({@code getUserPrincipal().getName()})
     * @param roles the roles {@code isUserInRole} grants
     * @return this request
     */
    public PageRequest user(String name, String... roles) {
        this.user = new TestPrincipal(Objects.requireNonNull(name, "name"), Set.of(roles));
        return this;
    }

    /**
     * Puts an attribute in the session the page is bound to, before the page is created.
     *
     * @param name the attribute name
     * @param value its value
     * @return this request
     */
    public PageRequest sessionAttribute(String name, Object value) {
        sessionAttributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Offers subprotocols, as {@code new WebSocket(url, ["chat"])} does.
     *
     * @param offered the subprotocols, in order of preference
     * @return this request
     */
    public PageRequest subprotocols(String... offered) {
        subprotocols.addAll(List.of(offered));
        header("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        return this;
    }

    /**
     * @param address the client's address ({@code getRemoteAddress()})
     * @return this request
     */
    public PageRequest remoteAddress(String address) {
        this.remoteAddress = Objects.requireNonNull(address, "address");
        return this;
    }

    /**
     * Runs the handshake; on acceptance the socket is open and the page's {@code server()} runs.
     *
     * @return the client
     * @throws AssertionError if the handshake is refused (with the status it got)
     */
    public PageClient connect() {
        HandshakeResult result = handshake();
        if (!result.accepted()) {
            throw new AssertionError("the handshake for " + path + " was refused with HTTP " + result.status());
        }
        return result.client();
    }

    /**
     * Runs the handshake, accepted or not.
     *
     * @return its status, and the client when accepted
     */
    public HandshakeResult handshake() {
        return handshake.run(this);
    }

    String path() {
        return path;
    }

    String scheme() {
        return scheme;
    }

    Map<String, List<String>> parameters() {
        return parameters;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    Map<String, Object> sessionAttributes() {
        return sessionAttributes;
    }

    List<String> subprotocols() {
        return subprotocols;
    }

    TestPrincipal user() {
        return user;
    }

    String remoteAddress() {
        return remoteAddress;
    }
}
