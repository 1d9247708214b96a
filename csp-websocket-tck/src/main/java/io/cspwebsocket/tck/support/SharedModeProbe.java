package io.cspwebsocket.tck.support;

import io.cspwebsocket.tck.TckEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The test side of {@code io.cspwebsocket.tck.pages.SharedModeServlet}: {@code openServer},
 * {@code openIds} and {@code broadcast} called from servlet threads and threads the servlet
 * starts. Each call answers the servlet's {@code key=value} lines. The calls go through
 * {@link TckWire#probe}: HTTP to the servlet on a container, {@code SharedModeOperations} directly
 * in memory. Internal TCK use only.
 */
public final class SharedModeProbe {

    private final TckEnvironment env;
    private final URI endpoint;

    /**
     * @param env the timeouts
     * @param contextRoot the {@code http://} URI of the deployment's root, ending in {@code /}
     */
    public SharedModeProbe(TckEnvironment env, URI contextRoot) {
        this.env = Objects.requireNonNull(env, "env");
        this.endpoint = contextRoot.resolve("tck/shared");
    }

    /**
     * {@code openServer(id).read(len, wait)} in a servlet.
     *
     * @param id the WebSocket id
     * @param len the maximum piece length
     * @param wait the read timeout
     * @return {@code code}, {@code atEnd}, {@code data}
     */
    public Map<String, String> read(String id, int len, Duration wait) {
        return call(env.timeout().plus(wait), "op", "read", "id", id, "len", Integer.toString(len),
                "ms", Long.toString(wait.toMillis()));
    }

    /**
     * Opens a handle in the servlet and keeps it for {@link #held(String, String)}.
     *
     * @param id the WebSocket id
     * @return the handle's {@code status()} code
     */
    public String hold(String id) {
        return call(env.timeout(), "op", "hold", "id", id).get("code");
    }

    /**
     * Calls a method of a handle kept by {@link #hold(String)}.
     *
     * @param id the WebSocket id
     * @param action {@code status}, {@code write}, {@code writeAsync}, {@code read} or {@code end}
     * @return the status code as text, or {@code EXCEPTION <class>}
     */
    public String held(String id, String action) {
        return call(env.timeout(), "op", "held", "id", id, "action", action).get("code");
    }

    /**
     * Starts a servlet thread that writes to every id {@code openIds(page)} lists, over and over.
     *
     * @param token keys the thread
     * @param page the page class name
     */
    public void churnStart(String token, String page) {
        call(env.timeout(), "op", "churnStart", "token", token, "page", page);
    }

    /**
     * Stops the thread of {@link #churnStart(String, String)}.
     *
     * @param token keys the thread
     * @return {@code rounds}, {@code writes}, {@code ok}, {@code closed}, {@code other},
     *         {@code firstOther}, {@code exceptions}, {@code firstException}, {@code alive}
     */
    public Map<String, String> churnStop(String token) {
        return call(env.timeout().multipliedBy(7), "op", "churnStop", "token", token);
    }

    /**
     * Many servlet threads send to every live socket of a page at once.
     *
     * @param page the page class name
     * @param via {@code broadcast} or {@code handles}
     * @param threads how many sender threads
     * @param count messages per thread
     * @param limit how long the servlet may take (and, for {@code handles}, waits for the writes)
     * @return the servlet's tally
     */
    public Map<String, String> fanout(String page, String via, int threads, int count, Duration limit) {
        return call(limit.plus(env.timeout()), "op", "fanout", "page", page, "via", via,
                "threads", Integer.toString(threads), "count", Integer.toString(count),
                "ms", Long.toString(limit.toMillis()));
    }

    /**
     * Sends large messages to every live socket of a page without waiting for any.
     *
     * @param page the page class name
     * @param via {@code broadcast} or {@code handles}
     * @param from the number of the first message
     * @param count how many messages
     * @param size chars per message
     * @param token keys the writes to {@code slow}
     * @param slow the id whose writes are kept for {@link #floodSlow(String)}
     * @param watched the ids whose refused writes are counted as {@code watchedRefused}
     * @return {@code calls}, {@code maxCallMs}, {@code exceptions}, {@code firstException}, and
     *         {@code minAccepted} (broadcast) or {@code watchedRefused}, {@code firstRefusal},
     *         {@code othersRefused} (handles)
     */
    public Map<String, String> flood(String page, String via, int from, int count, int size, String token, String slow,
                                     List<String> watched) {
        return call(env.timeout().multipliedBy(3), "op", "flood", "page", page, "via", via, "from", Integer.toString(from),
                "count", Integer.toString(count), "size", Integer.toString(size), "token", token, "slow", slow,
                "watch", String.join(",", watched));
    }

    /**
     * @param token the token given to {@link #flood}
     * @return how the kept writes stand: {@code writes}, {@code ok}, {@code notOk},
     *         {@code firstNotOk}, {@code pending}
     */
    public Map<String, String> floodSlow(String token) {
        return call(env.timeout(), "op", "floodSlow", "token", token);
    }

    /**
     * {@code writeAsync}s to one socket, one after the other, until one does not complete OK
     * within half a second (the client, and the container's buffers for it, are full), for at
     * most {@code limit}. The writes are kept under {@code token}, as {@link #flood} keeps those
     * to its slow socket.
     *
     * @param id the WebSocket id of a client that does not read
     * @param size chars per message
     * @param token keys the writes, for {@link #floodSlow(String)}
     * @param limit how long the servlet may go on
     * @return {@code writes}, {@code stalled}, {@code bytes}, {@code ms}
     */
    public Map<String, String> floodUntilStall(String id, int size, String token, Duration limit) {
        return call(limit.plus(env.timeout()), "op", "floodUntilStall", "id", id, "size", Integer.toString(size),
                "token", token, "ms", Long.toString(limit.toMillis()));
    }

    /**
     * Blocking writes through a handle until one is not OK.
     *
     * @param id the WebSocket id
     * @param size chars per message
     * @param max the most writes
     * @param limit how long the servlet may take
     * @return {@code count} (OK writes), {@code code} and {@code ms} of the last write
     */
    public Map<String, String> blockingFlood(String id, int size, int max, Duration limit) {
        return call(limit, "op", "blockingFlood", "id", id, "size", Integer.toString(size), "max", Integer.toString(max));
    }

    private Map<String, String> call(Duration limit, String... params) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            form.put(params[i], params[i + 1]);
        }
        String answer = TckWire.current().probe(endpoint, form, limit);
        if (answer == null) {
            throw new AssertionError("servlet " + endpoint + " answered HTTP 404 to " + form);
        }
        return Reports.keyValues(answer);
    }
}
