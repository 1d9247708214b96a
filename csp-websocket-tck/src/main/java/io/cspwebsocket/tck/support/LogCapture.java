package io.cspwebsocket.tck.support;

import io.cspwebsocket.tck.TckEnvironment;
import io.cspwebsocket.tck.pages.JvmBoard;
import io.cspwebsocket.tck.pages.LogRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Captures the server's {@code java.util.logging} records (where {@code System.Logger} output
 * ends by default), for checks on what the library logs. When the container runs in the test's
 * JVM (an embedded server) the records are captured here; otherwise (Payara Micro) through the
 * deployment's {@link io.cspwebsocket.tck.pages.LogServlet}, in the server's JVM. Internal TCK use only.
 */
public final class LogCapture implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LogRecorder local;
    private final URI remote;
    private final String remoteId;
    private final TckEnvironment env;

    private LogCapture(LogRecorder local, URI remote, String remoteId, TckEnvironment env) {
        this.local = local;
        this.remote = remote;
        this.remoteId = remoteId;
        this.env = env;
    }

    /**
     * Starts capturing the records of the server behind the probe.
     *
     * @param env the timeouts
     * @param contextRoot the deployment's {@code http://} root, ending in {@code /}
     * @param probe the deployment's probe
     * @return the running capture
     */
    public static LogCapture start(TckEnvironment env, URI contextRoot, TckProbe probe) {
        if (serverInThisJvm(probe)) {
            LogRecorder recorder = new LogRecorder();
            Logger.getLogger("").addHandler(recorder);
            return new LogCapture(recorder, null, null, env);
        }
        URI endpoint = contextRoot.resolve("tck/log");
        return new LogCapture(null, endpoint, call(env, endpoint, "start", null), env);
    }

    /**
     * Whether the server behind the probe runs in this JVM: a marker put on the JVM-wide board
     * here is visible to the server's probe.
     *
     * @param probe the deployment's probe
     * @return {@code true} for an embedded server
     */
    public static boolean serverInThisJvm(TckProbe probe) {
        String marker = UUID.randomUUID().toString();
        JvmBoard.put("tck.jvmMarker", marker);
        return marker.equals(probe.jvm("tck.jvmMarker"));
    }

    /**
     * @param text a text, e.g. a WebSocketID
     * @return the captured records (level, logger, message, stack trace) at WARNING or above
     *         that mention it
     */
    public List<String> problemsMentioning(String text) {
        return records().stream()
                .filter(l -> l.startsWith("WARNING") || l.startsWith("SEVERE"))
                .filter(l -> l.contains(text))
                .toList();
    }

    /**
     * @param text a text
     * @return the captured records at INFO or above that mention it
     */
    public List<String> mentioning(String text) {
        return records().stream().filter(l -> l.contains(text)).toList();
    }

    private List<String> records() {
        if (local != null) {
            return local.lines();
        }
        String answer = call(env, remote, "records", remoteId);
        return answer.isEmpty() ? List.of() : Arrays.asList(answer.split(String.valueOf(LogRecorder.SEPARATOR)));
    }

    /** Stops capturing. */
    @Override
    public void close() {
        if (local != null) {
            Logger.getLogger("").removeHandler(local);
        } else {
            call(env, remote, "stop", remoteId);
        }
    }

    private static String call(TckEnvironment env, URI endpoint, String op, String id) {
        String form = "op=" + op + (id == null ? "" : "&id=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(env.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("log capture " + endpoint + " answered HTTP " + response.statusCode() + " to "
                        + form + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("log capture " + endpoint + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
