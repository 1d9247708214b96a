package io.cspwebsocket.tck.jetty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@link WebSocket} client for text messages that queues what the server sends (each
 * whole text message, then the close code), for a test to take in order with a bound on each
 * wait.
 */
final class TextWebSocketClient implements WebSocket.Listener, AutoCloseable {

    /** What the server sent: a text message, or its close frame ({@code text == null}). */
    record Event(String text, int closeCode) {
    }

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final StringBuilder parts = new StringBuilder();
    private final Duration timeout;
    private WebSocket webSocket;

    private TextWebSocketClient(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Opens a WebSocket and waits for the upgrade.
     *
     * @param uri the page's {@code ws://} URI
     * @param timeout the bound on the handshake and on each later wait
     * @param subprotocols the subprotocols to offer
     * @return the connected client
     * @throws Exception if the handshake fails or takes longer than the timeout
     */
    static TextWebSocketClient connect(URI uri, Duration timeout, String... subprotocols) throws Exception {
        TextWebSocketClient client = new TextWebSocketClient(timeout);
        WebSocket.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).build()
                .newWebSocketBuilder().connectTimeout(timeout);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        client.webSocket = builder.buildAsync(uri, client).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return client;
    }

    /** @return the subprotocol the server selected, or {@code ""} */
    String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /**
     * Sends one whole text message and waits until it is written.
     *
     * @param text the message
     * @throws Exception if the send fails or takes longer than the timeout
     */
    void send(String text) throws Exception {
        webSocket.sendText(text, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @return the next event from the server
     * @throws AssertionError if none comes within the timeout, or the client failed
     */
    Event next() throws InterruptedException {
        Object event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("nothing from the server within " + timeout.toMillis() + " ms");
        }
        if (event instanceof Throwable failure) {
            throw new AssertionError("the client failed", failure);
        }
        return (Event) event;
    }

    /** @return whether an event is waiting that the test has not taken */
    boolean hasMore() {
        return !events.isEmpty();
    }

    @Override
    public void onOpen(WebSocket socket) {
        socket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        parts.append(data);
        if (last) {
            events.add(new Event(parts.toString(), -1));
            parts.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        events.add(new Event(null, statusCode));
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        events.add(error);
    }

    /** Drops the connection, whatever its state. */
    @Override
    public void close() {
        if (webSocket != null) {
            webSocket.abort();
        }
    }
}
