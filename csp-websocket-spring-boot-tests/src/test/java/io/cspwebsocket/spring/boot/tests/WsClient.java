package io.cspwebsocket.spring.boot.tests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK {@code java.net.http} WebSocket client that queues what it receives, for tests. */
public final class WsClient implements AutoCloseable {

    /** How long a test waits for a message or a close. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private WsClient() {
    }

    /**
     * @param uri the page's ws:// URL
     * @param headers extra handshake headers (Authorization, Cookie, Origin)
     * @return the open client
     * @throws Exception if the handshake fails; see {@link #handshakeStatus}
     */
    public static WsClient connect(String uri, Map<String, String> headers) throws Exception {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(URI.create(uri), client.listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    /**
     * @param uri the page's ws:// URL
     * @return the open client
     * @throws Exception if the handshake fails
     */
    public static WsClient connect(String uri) throws Exception {
        return connect(uri, Map.of());
    }

    /**
     * @param uri the page's ws:// URL
     * @param headers extra handshake headers
     * @return the HTTP status of a refused handshake
     * @throws AssertionError if the handshake succeeded
     * @throws Exception if it fails otherwise
     */
    public static int handshakeStatus(String uri, Map<String, String> headers) throws Exception {
        try {
            connect(uri, headers).close();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the handshake to " + uri + " succeeded");
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closeCode.completeExceptionally(error);
            }
        };
    }

    /**
     * @param text a text message to send
     * @throws Exception if it cannot be sent in time
     */
    public void send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * @return the next message, waiting at most {@link #WAIT}
     * @throws InterruptedException if interrupted
     */
    public String next() throws InterruptedException {
        String message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + WAIT);
        }
        return message;
    }

    /**
     * @param text a message to send
     * @return the next message received after it
     * @throws Exception if it cannot be sent, or nothing comes
     */
    public String ask(String text) throws Exception {
        send(text);
        return next();
    }

    /**
     * @return the close code the server sent
     * @throws Exception if none came in time
     */
    public int awaitClose() throws Exception {
        return closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
