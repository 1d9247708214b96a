package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.support.TckWire;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLSession;

/**
 * Opens the TCK's sockets in the in-memory deployments: the first segment of the URI's path
 * names the deployment (its context path), the rest and the query name the page, the headers and
 * subprotocols go into the in-memory handshake, and a refusal fails the open with the status the
 * core decided, as a real handshake does. Requests to the TCK's servlets go to the deployment's
 * servlet logic directly.
 */
final class InMemoryTckWire implements TckWire {

    /** The request threads of the servlets' logic, as a container's; idle ones end after a minute. */
    private static final ExecutorService REQUESTS = Executors.newCachedThreadPool(body -> {
        Thread thread = new Thread(body, "tck-memory-request");
        thread.setDaemon(true);
        return thread;
    });

    private final Function<String, InMemoryDeployment> deployments;

    /** @param deployments the deployed WARs by name, {@code null} for none */
    InMemoryTckWire(Function<String, InMemoryDeployment> deployments) {
        this.deployments = deployments;
    }

    /** The deployment a path starts with, and the path inside it. */
    private record Target(InMemoryDeployment deployment, String path) {
    }

    private Target target(String rawPath) {
        int slash = rawPath.indexOf('/', 1);
        String context = slash < 0 ? rawPath.substring(1) : rawPath.substring(1, slash);
        InMemoryDeployment deployment = deployments.apply(context);
        return deployment == null ? null : new Target(deployment, slash < 0 ? "/" : rawPath.substring(slash));
    }

    @Override
    public CompletableFuture<WebSocket> open(URI uri, List<String> subprotocols, Map<String, String> headers,
                                             Duration connectTimeout, WebSocket.Listener listener) {
        Target target = target(uri.getRawPath());
        if (target == null) {
            // No application at that context path: the server answers 404, as for an unknown page.
            return CompletableFuture.failedFuture(new WebSocketHandshakeException(new Refusal(uri, 404)));
        }
        PageRequest request = target.deployment().request(target.path()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
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
            Thread.currentThread().setContextClassLoader(target.deployment().loader());
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

    /**
     * Asks the deployment's servlet logic directly, on a thread of its own (a container's request
     * thread), for at most {@code timeout}, as the JDK's HTTP client bounds a request: a fault that
     * never answers fails the test instead of holding it. An unknown path is 404 ({@code null}).
     */
    @Override
    public String probe(URI endpoint, Map<String, String> parameters, Duration timeout) {
        Target target = target(endpoint.getRawPath());
        if (target == null) {
            return null;
        }
        Future<String> answer = REQUESTS.submit(() -> target.deployment().call(target.path().substring(1), parameters));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new AssertionError(endpoint + " did not answer " + parameters + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw new AssertionError(endpoint + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
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
