package io.cspwebsocket.test;

import io.cspwebsocket.impl.internal.PageSocket;
import io.cspwebsocket.impl.internal.SocketCloser;
import io.cspwebsocket.impl.internal.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The in-memory "network" of one socket: what a container does between the core and a client.
 * Every send completes at once into the client's queue; a close completes the socket's close
 * status once, then reports the close to the core, as a container's {@code onClose} does.
 *
 * <p>The client's frames and close reach the core on a thread of this socket's own, in order, as
 * a container's I/O thread delivers them: page code that runs on delivery (a shared page's
 * {@code onClientMessage}) never runs on the test's thread, and a full inbox holds up that
 * thread, not the test.
 */
final class MemoryWire implements Transport, SocketCloser {

    /** Something the client sent, handed to the core; may block while the page's inbox is full. */
    interface ClientFrame {
        void deliver() throws InterruptedException;
    }

    private final BlockingQueue<ReceivedMessage> toClient = new LinkedBlockingQueue<>();
    private final ExecutorService fromClient;
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    /** Set once, before the socket opens; sends can only come after that. */
    private volatile PageSocket socket;

    /** @param webSocketId the socket's id, for the name of its delivery thread */
    MemoryWire(String webSocketId) {
        this.fromClient = Executors.newSingleThreadExecutor(body -> {
            Thread thread = new Thread(body, "csp-test-client " + webSocketId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Hands a client frame to the core on the socket's delivery thread, after those sent before.
     * Dropped once the socket has closed, as a container drops what arrives after the close.
     */
    void fromClient(ClientFrame frame) {
        try {
            fromClient.execute(() -> {
                try {
                    frame.deliver();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (RejectedExecutionException closed) {
            // the socket closed: nothing more is read from the client
        }
    }

    void attach(PageSocket opening) {
        this.socket = opening;
    }

    BlockingQueue<ReceivedMessage> toClient() {
        return toClient;
    }

    CompletableFuture<CloseStatus> closed() {
        return closed;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        done.accept(deliver(ReceivedMessage.text(text)));
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        done.accept(deliver(ReceivedMessage.binary(copy)));
    }

    /** Under the lock that closes: a message sent before the close frame is received before it. */
    private synchronized Throwable deliver(ReceivedMessage message) {
        if (closed.isDone()) {
            return new IOException("the socket is closed");
        }
        toClient.add(message);
        return null;
    }

    @Override
    public boolean isOpen() {
        return !closed.isDone();
    }

    @Override
    public void sendPing(ByteBuffer payload, Consumer<Throwable> done) {
        if (!isOpen()) {
            done.accept(new IOException("the socket is closed"));
            return;
        }
        done.accept(null);
        socket.pong(); // the client answers at once, as browsers do
    }

    /** The server closes (endServer, the end of server(), errors, shutdown). */
    @Override
    public void close(int code, String reason) {
        closeWith(new CloseStatus(code, reason));
    }

    /**
     * Ends the socket once, whoever closes it, and reports the close to the core as the
     * container's {@code onClose} would (outside the lock: the core may run page code).
     *
     * @return whether this call closed it
     */
    boolean closeWith(CloseStatus status) {
        boolean first;
        synchronized (this) {
            first = closed.complete(status);
        }
        if (first) {
            socket.closed(status.code(), status.reason());
            fromClient.shutdown(); // what is queued still goes in (the core drops it); the thread then ends
        }
        return first;
    }
}
