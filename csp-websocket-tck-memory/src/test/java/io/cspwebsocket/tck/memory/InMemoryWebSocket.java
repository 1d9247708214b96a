package io.cspwebsocket.tck.memory;

import io.cspwebsocket.test.CloseStatus;
import io.cspwebsocket.test.PageClient;
import io.cspwebsocket.test.ReceivedMessage;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link WebSocket} of the JDK's client API over a {@link PageClient} of the in-memory runtime,
 * so that {@code TckClient} drives a page in memory as it drives one over a real socket. The
 * page's messages and the close are handed to the listener, in order, by a thread of its own.
 */
final class InMemoryWebSocket implements WebSocket {

    /** How long the pump waits for a message before it looks whether the socket closed. */
    private static final Duration PUMP_POLL = Duration.ofMillis(20);

    private final PageClient client;

    private InMemoryWebSocket(PageClient client) {
        this.client = client;
    }

    /**
     * @param client an open client
     * @param listener the TCK client's listener
     * @return the socket, already handed to {@code listener.onOpen}
     */
    static InMemoryWebSocket open(PageClient client, Listener listener) {
        InMemoryWebSocket socket = new InMemoryWebSocket(client);
        listener.onOpen(socket);
        Thread pump = new Thread(() -> socket.pump(listener), "tck-memory-pump " + client.webSocketId());
        pump.setDaemon(true);
        pump.start();
        return socket;
    }

    /** Hands the page's messages, then the close, to the listener. */
    private void pump(Listener listener) {
        while (true) {
            Optional<ReceivedMessage> message = client.nextMessage(PUMP_POLL);
            if (message.isPresent()) {
                ReceivedMessage received = message.get();
                if (received.isText()) {
                    listener.onText(this, received.text(), true);
                } else {
                    listener.onBinary(this, ByteBuffer.wrap(received.bytes()), true);
                }
                continue;
            }
            Optional<CloseStatus> closed = client.closeStatus();
            // Messages sent before the close are queued before it: deliver them all first.
            if (closed.isPresent() && client.pendingMessages() == 0) {
                listener.onClose(this, closed.get().code(), closed.get().reason());
                return;
            }
        }
    }

    private CompletableFuture<WebSocket> sent(Runnable send) {
        try {
            send.run();
            return CompletableFuture.completedFuture(this);
        } catch (IllegalStateException closed) {
            return CompletableFuture.failedFuture(new IOException(closed.getMessage(), closed));
        }
    }

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        return sent(() -> client.sendText(data.toString(), last));
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return sent(() -> client.sendBinary(bytes, last));
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        client.close(statusCode, reason);
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void request(long n) {
        // Every message is handed over as it comes: the in-memory runtime has no flow control to the client.
    }

    @Override
    public String getSubprotocol() {
        return client.subprotocol();
    }

    @Override
    public boolean isOutputClosed() {
        return !client.isOpen();
    }

    @Override
    public boolean isInputClosed() {
        return !client.isOpen();
    }

    @Override
    public void abort() {
        client.drop();
    }
}
