package io.cspwebsocket.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** Plain HTTP GETs and form POSTs for the tests, with bounded timeouts. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    /** GETs {@code uri} and returns the response; throws if there is no answer. */
    static HttpResponse<String> get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(DemoTestEnvironment.EVENT_TIMEOUT).GET().build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * POSTs {@code form} as {@code application/x-www-form-urlencoded} (UTF-8) to {@code uri} and
     * returns the response; throws if there is no answer.
     */
    static HttpResponse<String> postForm(URI uri, Map<String, String> form) throws IOException {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(DemoTestEnvironment.EVENT_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The status of a GET of {@code uri}, or -1 if nothing answered (yet). */
    static int statusOrMinusOne(URI uri) {
        try {
            return get(uri).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
