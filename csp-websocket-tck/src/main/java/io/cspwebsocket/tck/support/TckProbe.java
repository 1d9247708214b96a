package io.cspwebsocket.tck.support;

import io.cspwebsocket.tck.TckEnvironment;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The test side of {@code io.cspwebsocket.tck.pages.ProbeServlet}: reads what the fixture pages
 * recorded on the server, raises signals they wait for, and calls {@code openServer} /
 * {@code openIds} from a servlet thread. Internal TCK use only.
 */
public final class TckProbe {

    private final TckEnvironment env;
    private final URI endpoint;

    /**
     * @param env the timeouts
     * @param contextRoot the {@code http://} URI of the deployment's root, ending in {@code /}
     */
    public TckProbe(TckEnvironment env, URI contextRoot) {
        this.env = Objects.requireNonNull(env, "env");
        this.endpoint = contextRoot.resolve("tck/probe");
    }

    /**
     * Reads a board value now.
     *
     * @param key the key
     * @return the value, or {@code null} if absent
     */
    public String get(String key) {
        return call("op", "get", "key", key);
    }

    /**
     * Waits until a board value is present.
     *
     * @param key the key
     * @return the value
     * @throws AssertionError if it does not appear in time
     */
    public String await(String key) {
        return env.awaitValue("server-side fact \"" + key + "\"", () -> get(key));
    }

    /**
     * Waits until a board value equals the expected one.
     *
     * @param key the key
     * @param expected the expected value
     * @throws AssertionError if it does not, in time (the message shows the last value)
     */
    public void await(String key, String expected) {
        String[] last = new String[1];
        try {
            env.await("server-side fact \"" + key + "\" to be \"" + expected + "\"",
                    () -> expected.equals(last[0] = get(key)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last value: " + last[0], e);
        }
    }

    /**
     * Raises a signal a fixture page waits for.
     *
     * @param key the signal's key
     */
    public void signal(String key) {
        call("op", "signal", "key", key);
    }

    /**
     * Reads the {@code JvmBoard} (facts that outlive a deployment).
     *
     * @param key the key
     * @return the value, or {@code null} if absent
     */
    public String jvm(String key) {
        return call("op", "jvm", "key", key);
    }

    /**
     * Reads a servlet context init parameter of the deployment.
     *
     * @param name the parameter
     * @return its value, or {@code null}
     */
    public String initParam(String name) {
        return call("op", "initParam", "name", name);
    }

    /**
     * Calls {@code CspWebSocket.broadcast(page, message)} in a servlet.
     *
     * @param page the page class name
     * @param message the message
     * @return how many sockets accepted it, as text, or {@code EXCEPTION <class>}
     */
    public String broadcast(String page, String message) {
        return call("op", "broadcast", "page", page, "msg", message);
    }

    /**
     * Calls {@code CspWebSocket.openIds(page)} in a servlet.
     *
     * @param page the page class name
     * @return the ids
     */
    public Set<String> openIds(String page) {
        String answer = call("op", "openIds", "page", page);
        if (answer == null || answer.isEmpty()) {
            return Set.of();
        }
        if (answer.startsWith("EXCEPTION")) {
            throw new AssertionError("CspWebSocket.openIds(" + page + ") threw: " + answer);
        }
        return Arrays.stream(answer.split("\n")).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Calls a method of {@code CspWebSocket.openServer(id)}'s handle in a servlet.
     *
     * @param action {@code status}, {@code write}, {@code end} or {@code read}
     * @param id the WebSocket id
     * @param message for {@code write}
     * @return the status code as text ({@code read}: {@code code|data}), or
     *         {@code EXCEPTION <class>}
     */
    public String handle(String action, String id, String message) {
        return call("op", "handle", "action", action, "id", id, "msg", message == null ? "" : message);
    }

    /**
     * Like {@link #handle(String, String, String)} with a special id made on the server:
     * {@code null} for {@code "null"}, a 10,000-character id for {@code "long"}.
     *
     * @param action the handle method
     * @param idKind {@code null} or {@code long}
     * @return the status code as text, or {@code EXCEPTION <class>}
     */
    public String handleSpecial(String action, String idKind) {
        return call("op", "handle", "action", action, "idKind", idKind, "msg", "x");
    }

    private String call(String... params) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            form.put(params[i], params[i + 1]);
        }
        return TckWire.current().probe(endpoint, form, env.timeout());
    }
}
