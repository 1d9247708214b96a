package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.pages.ProbeOperations;
import io.cspwebsocket.tck.support.TckWire;
import io.cspwebsocket.test.CspTestRuntime;
import io.cspwebsocket.test.HandshakeResult;
import io.cspwebsocket.test.PageRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;

/**
 * Opens the TCK's sockets in a {@link CspTestRuntime}: the URI's path and query name the page,
 * the headers and subprotocols go into the in-memory handshake, and a refusal fails the open with
 * the status the core decided, as a real handshake does.
 */
final class InMemoryTckWire implements TckWire {

    private final CspTestRuntime runtime;

    InMemoryTckWire(CspTestRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public CompletableFuture<WebSocket> open(URI uri, List<String> subprotocols, Map<String, String> headers,
                                             Duration connectTimeout, WebSocket.Listener listener) {
        PageRequest request = runtime.request(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        // The Host header the JDK client sends: the same-origin check compares the Origin with it.
        request.header("Host", uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        headers.forEach(request::header);
        if (!subprotocols.isEmpty()) {
            request.subprotocols(subprotocols.toArray(String[]::new));
        }
        // On a thread of its own, as a container's request thread runs it: a test can see a
        // handshake pending while onPreServer holds it.
        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        Thread handshake = new Thread(() -> {
            try {
                HandshakeResult result = request.handshake();
                if (result.accepted()) {
                    opened.complete(InMemoryWebSocket.open(result.client(), listener));
                } else {
                    opened.completeExceptionally(new WebSocketHandshakeException(new Refusal(uri, result.status())));
                }
            } catch (RuntimeException | Error e) {
                opened.completeExceptionally(e);
            }
        }, "tck-memory-handshake " + uri.getPath());
        handshake.setDaemon(true);
        handshake.start();
        return opened;
    }

    /** Asks the fixture's probe directly, on this thread; the application has no init parameters. */
    @Override
    public String probe(URI endpoint, Map<String, String> parameters, Duration timeout) {
        return ProbeOperations.answer(parameters::get, name -> null);
    }

    /** The HTTP answer of a refused handshake: its status, nothing else. */
    private record Refusal(URI uri, int statusCode) implements HttpResponse<Object> {
        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(URI.create(uri.toString().replaceFirst("^ws", "http"))).build();
        }

        @Override
        public Optional<HttpResponse<Object>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (name, value) -> true);
        }

        @Override
        public Object body() {
            return null;
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
