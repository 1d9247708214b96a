package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.internal.CspPageAccess;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls a shared page's {@code onClientMessage} (SPEC §2.4): one message at a time, in arrival
 * order, starting only after {@code server()} has returned. When the socket has closed and every
 * earlier message was delivered, it calls {@code onClientMessage("", 1)} once and then, on a
 * library thread, {@code onPostServer} once.
 *
 * <p>Where: a message that arrives while nothing is being delivered is handed to
 * {@code onClientMessage} on the container's thread that delivered it ({@link #deliverHere}), as
 * an {@code @OnMessage} method is called: no hand-off, and while the call runs the container
 * reads no further frame of this socket (its back-pressure). Messages that arrive meanwhile, and
 * those that arrived before {@code server()} returned, are delivered by whoever is delivering
 * (a drain run on a library thread after {@code server()}). The container's message threads are
 * its request threads (never a selector that serves other sockets): a long call holds one of
 * them, as a long {@code @OnMessage} does.
 *
 * <p>No thread waits for messages: a drain run is started when work arrives and ends when the
 * queue is empty, so idle shared sockets cost no thread.
 */
final class SharedDispatcher implements Runnable {

    private static final CspPageAccess PAGES = CspPageAccess.get();

    private final Connection connection;
    private final PageThreads threads;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile MessageQueue queue;
    private volatile boolean serverReturned;
    private boolean finished; // only touched by the drain run, which is exclusive

    SharedDispatcher(Connection connection, PageThreads threads) {
        this.connection = connection;
        this.threads = threads;
    }

    void attach(MessageQueue messages) {
        this.queue = messages;
    }

    /** {@code server()} has returned: messages may now be delivered. */
    void serverReturned() {
        serverReturned = true;
        schedule();
    }

    /**
     * A message was queued, on the container's thread that delivered it: deliver it (and any
     * queued before it) here, unless another run is delivering or {@code server()} is still
     * running (§2.4: the first message after {@code server()} has returned).
     */
    void deliverHere() {
        if (serverReturned && running.compareAndSet(false, true)) {
            drain(true);
        }
    }

    /** Starts a drain run if there is work and none is running. Called from any thread. */
    void schedule() {
        if (serverReturned && queue.hasWork() && running.compareAndSet(false, true)) {
            threads.execute("csp-shared " + connection.webSocketId(), this);
        }
    }

    @Override
    public void run() {
        drain(false);
    }

    /** Delivers until the queue is empty; the caller won {@code running}. */
    private void drain(boolean onContainerThread) {
        while (true) {
            MessageQueue.Message message;
            while ((message = queue.poll()) != null) {
                deliver(message);
            }
            if (queue.isDrainedAndClosed()) {
                // Stays "running" for ever: nothing may be delivered after the close. The close
                // callbacks and onPostServer never run on a container thread.
                if (onContainerThread) {
                    threads.execute("csp-shared " + connection.webSocketId(), this::finish);
                } else {
                    finish();
                }
                return;
            }
            running.set(false);
            // A message may have arrived between the last poll and the reset: claim it, or leave it
            // to the thread whose schedule() call will see running == false.
            if (!queue.hasWork() || !running.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void deliver(MessageQueue.Message message) {
        try {
            CspStatus status = message.text() != null
                    ? PAGES.onClientMessage(connection.page(), message.text(), 0)
                    : PAGES.onClientMessage(connection.page(), message.bytes(), 0);
            if (status == null || status.isError()) {
                connection.callbackFailed();
                Log.info(connection.webSocketId(), "onClientMessage returned " + status + "; closing with 1011");
                connection.closeFromServer(CloseReasons.SERVER_ERROR, "server error");
            }
        } catch (RuntimeException | Error e) {
            connection.callbackFailed();
            Log.warn(connection.webSocketId(), "onClientMessage threw; closing with 1011", e);
            connection.closeFromServer(CloseReasons.SERVER_ERROR, "server error");
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            PAGES.onClientMessage(connection.page(), "", 1);
        } catch (RuntimeException | Error e) {
            connection.callbackFailed();
            Log.warn(connection.webSocketId(), "onClientMessage(\"\", 1) threw", e);
        }
        connection.runPostServer();
    }
}
