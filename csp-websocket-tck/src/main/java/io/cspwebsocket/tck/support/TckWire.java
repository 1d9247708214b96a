package io.cspwebsocket.tck.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * How {@link io.cspwebsocket.tck.TckClient} opens a socket to a page: the JDK's WebSocket client
 * over a real connection ({@link #JDK}), unless a run of the verifications without a container
 * (csp-websocket-test's in-memory runtime) {@linkplain #install installs} a wire of its own for
 * its test class. Internal TCK use only.
 */
public interface TckWire {

    /** The JDK's {@code java.net.http} WebSocket client: every run on a container. */
    TckWire JDK = new TckWire() {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        @Override
        public CompletableFuture<WebSocket> open(URI uri, List<String> subprotocols, Map<String, String> headers,
                                                 Duration connectTimeout, WebSocket.Listener listener) {
            WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
            if (!subprotocols.isEmpty()) {
                builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
            }
            headers.forEach(builder::header);
            return builder.buildAsync(uri, listener);
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
