package io.cspwebsocket.tck.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

/**
 * How the TCK reaches a deployment. {@link io.cspwebsocket.tck.TckClient} opens a socket to a page: the JDK's WebSocket client
 * over a real connection ({@link #JDK}), unless a run of the verifications without a container
 * (csp-websocket-test's in-memory runtime) {@linkplain #install installs} a wire of its own for
 * its test class. {@link TckProbe} and {@link SharedModeProbe} ask the deployment's servlets the
 * same way: over HTTP, or directly in memory. Internal TCK use only.
 */
public interface TckWire {

    /** The JDK's {@code java.net.http} WebSocket client: every run on a container. */
    TckWire JDK = new TckWire() {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        /**
         * WebSockets get a client of their own, which never holds a pooled HTTP connection: with one
         * client for both, a handshake could go out on a kept-alive connection that had served the
         * probe's requests, and on its 100th request Tomcat answers the 101 with
         * {@code Connection: upgrade, close}, which the JDK client refuses as a failed handshake.
         */
        private final HttpClient webSockets = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        @Override
        public CompletableFuture<WebSocket> open(URI uri, List<String> subprotocols, Map<String, String> headers,
                                                 Duration connectTimeout, WebSocket.Listener listener) {
            WebSocket.Builder builder = webSockets.newWebSocketBuilder().connectTimeout(connectTimeout);
            if (!subprotocols.isEmpty()) {
                builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
            }
            headers.forEach(builder::header);
            return builder.buildAsync(uri, listener);
        }

        @Override
        public String probe(URI endpoint, Map<String, String> parameters, Duration timeout) {
            StringJoiner form = new StringJoiner("&");
            parameters.forEach((name, value) -> form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8)));
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404) {
                    return null;
                }
                if (response.statusCode() != 200) {
                    throw new AssertionError("probe " + endpoint + " answered HTTP " + response.statusCode()
                            + " to " + form + ": " + response.body());
                }
                return response.body();
            } catch (IOException e) {
                throw new AssertionError("probe " + endpoint + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    };

    /**
     * Opens a socket, as {@link WebSocket.Builder#buildAsync} does: a refused handshake completes
     * exceptionally with a {@link java.net.http.WebSocketHandshakeException} carrying the status.
     *
     * @param uri the page's {@code ws://} URI
     * @param subprotocols the subprotocols to offer, most preferred first
     * @param headers extra handshake headers
     * @param connectTimeout how long the handshake may take
     * @param listener receives the socket's events
     * @return completes with the open socket
     */
    CompletableFuture<WebSocket> open(URI uri, List<String> subprotocols, Map<String, String> headers,
                                      Duration connectTimeout, WebSocket.Listener listener);

    /**
     * Sends one request to one of the deployment's TCK servlets: the probe
     * ({@code io.cspwebsocket.tck.pages.ProbeOperations}, at {@code <context>/tck/probe}) or the
     * shared-mode servlet ({@code io.cspwebsocket.tck.pages.SharedModeOperations}, at
     * {@code <context>/tck/shared}).
     *
     * @param endpoint the servlet's URL
     * @param parameters the request's parameters
     * @param timeout how long the request may take
     * @return the answer, or {@code null} when there is nothing (HTTP 404)
     * @throws AssertionError if the probe fails
     */
    String probe(URI endpoint, Map<String, String> parameters, Duration timeout);

    /** @return the wire clients open sockets through now */
    static TckWire current() {
        return Installed.wire;
    }

    /**
     * Makes clients open sockets through another wire until {@link #uninstall()}.
     *
     * @param wire the wire
     */
    static void install(TckWire wire) {
        Installed.wire = Objects.requireNonNull(wire, "wire");
    }

    /** Back to {@link #JDK}. */
    static void uninstall() {
        Installed.wire = JDK;
    }

    /** Holds the installed wire (an interface has no mutable fields of its own). */
    final class Installed {
        private static volatile TckWire wire = JDK;

        private Installed() {
        }
    }
}
