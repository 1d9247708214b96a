package io.cspwebsocket.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP GETs for the tests, with bounded timeouts. */
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

    /** The status of a GET of {@code uri}, or -1 if nothing answered (yet). */
    static int statusOrMinusOne(URI uri) {
        try {
            return get(uri).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
