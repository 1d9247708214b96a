package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@link WebSocket} client that records what it receives: text as {@code T:<text>}, binary as
 * {@code B:<base64>}; and the close code.
 */
final class WsClient implements WebSocket.Listener {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private WebSocket socket;
    private boolean paused; // guarded by this
    private long owed; // requests held back while paused; guarded by this
    String id;

    /** Connects and waits for the page's {@code id:} message. */
    static WsClient connect(URI uri) throws Exception {
        WsClient client = new WsClient();
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20)).buildAsync(uri, client)
                .get(30, TimeUnit.SECONDS);
        String first = client.next(Duration.ofSeconds(30));
        assertNotNull(first, "no id from " + uri);
        assertTrue(first.startsWith("T:id:"), first);
        client.id = first.substring("T:id:".length());
        return client;
    }

    /** @return the next message, or {@code null} if none came within {@code timeout} */
    String next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops asking for messages: the client stops reading, as a stuck browser does, and the server's sends back up. */
    synchronized void pause() {
        paused = true;
    }

    /** Reads again. */
    void resume() {
        long request;
        synchronized (this) {
            paused = false;
            request = owed;
            owed = 0;
        }
        if (request > 0) {
            socket.request(request);
        }
    }

    private void requestNext(WebSocket webSocket) {
        synchronized (this) {
            if (paused) {
                owed++;
                return;
            }
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add("T:" + text);
            text.setLength(0);
        }
        requestNext(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            received.add("B:" + Base64.getEncoder().encodeToString(binary.toByteArray()));
            binary.reset();
        }
        requestNext(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(1006);
    }

    void abort() {
        if (socket != null) {
            socket.abort();
        }
    }
}
