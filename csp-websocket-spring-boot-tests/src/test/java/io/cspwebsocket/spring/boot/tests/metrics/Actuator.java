package io.cspwebsocket.spring.boot.tests.metrics;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the actuator's endpoints over HTTP, as an operator's tools do. The JSON is read with a
 * pattern: Boot 3.5 and 4.0 bring different Jackson generations, and these answers are small.
 */
final class Actuator {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([-0-9.Ee+]+)");

    private final String base;

    /** @param port the application's port */
    Actuator(String port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * @param path e.g. {@code /actuator/health}
     * @return the status and body of a GET
     * @throws Exception if the request fails
     */
    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param name a meter name
     * @param tags {@code key:value} pairs to select by
     * @return the first measurement of {@code /actuator/metrics/<name>}, the sum over matching meters
     * @throws Exception if the request fails or the meter is not there
     */
    double metric(String name, String... tags) throws Exception {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = get(path.toString());
        if (response.statusCode() != 200) {
            throw new AssertionError(path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        Matcher value = VALUE.matcher(response.body());
        if (!value.find()) {
            throw new AssertionError(path + ": no value in " + response.body());
        }
        return Double.parseDouble(value.group(1));
    }

    /**
     * @param json the body of {@code /actuator/health}, with details
     * @param component a component's name, e.g. {@code cspWebSocket}
     * @return the component's object, without white space (Boot 3.5 and 4.0 order its fields differently)
     */
    static String healthComponent(String json, String component) {
        String compact = json.replaceAll("\\s", "");
        int start = compact.indexOf("\"" + component + "\":{");
        if (start < 0) {
            throw new AssertionError("no component " + component + " in " + json);
        }
        int depth = 0;
        for (int i = compact.indexOf('{', start); i < compact.length(); i++) {
            char c = compact.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return compact.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced JSON: " + json);
    }

    /**
     * @param text the Prometheus exposition of {@code /actuator/prometheus}
     * @param name the series' name, e.g. {@code csp_websocket_messages_total}
     * @param labels every label the series has, except those of other meters' common tags
     * @return the series' value
     */
    static double prometheus(String text, String name, Map<String, String> labels) {
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            Map<String, String> found = new TreeMap<>();
            Matcher label = Pattern.compile("([a-zA-Z_]+)=\"([^\"]*)\"").matcher(line.substring(name.length() + 1, close));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (found.equals(new TreeMap<>(labels))) {
                return Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no series " + name + labels + " in:\n" + text);
    }

    /**
     * Waits until a reading has the expected value: counters are bumped when the container reports a
     * send complete, which may be just after the client has the message.
     *
     * @param expected the value
     * @param reading reads it
     * @param what for the message
     * @throws Exception if it cannot be read, or the wait is interrupted
     */
    static void await(double expected, ThrowingSupplier reading, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double last;
        while ((last = reading.get()) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": expected " + expected + " but was " + last);
            }
            Thread.sleep(20);
        }
    }

    /** A reading that may fail. */
    interface ThrowingSupplier {
        /**
         * @return the value
         * @throws Exception if it cannot be read
         */
        double get() throws Exception;
    }
}
