package io.cspwebsocket.bench;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A reference, not a product: the cheapest hand-written form of the synchronous page model. Each
 * connection owns a thread (virtual on JDK 21+, like a page's) that takes messages from a queue
 * filled by {@code @OnMessage} and sends them back with the basic remote. No library code runs.
 *
 * <p>Why it is in the benchmark: a synchronous page costs one hand-off from the container's
 * thread to the page's thread per message, whoever implements it. This endpoint pays exactly
 * that and nothing else, so "CSP vs this" is what the library adds, and "this vs raw" is what
 * the programming model itself costs on the machine at hand.
 */
@ServerEndpoint(value = "/raw/echo-thread", configurator = CountingConfigurator.class)
public class RawThreadEchoEndpoint {

    /** Ends a connection's thread. */
    private static final String END = new String("end");
    private static final ExecutorService THREADS = threadPerTask();

    private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();

    /** Instantiated by the container, one per connection. */
    public RawThreadEchoEndpoint() {
    }

    /**
     * A client connected: its thread starts.
     *
     * @param session the session
     */
    @OnOpen
    public void open(Session session) {
        RawIdleEndpoint.opened(session);
        THREADS.execute(() -> echo(session));
    }

    /**
     * Hands one message to the connection's thread.
     *
     * @param message the message
     */
    @OnMessage
    public void message(String message) {
        inbox.add(message);
    }

    /**
     * The socket closed: the connection's thread ends.
     *
     * @param session the session
     * @param reason why
     */
    @OnClose
    public void close(Session session, CloseReason reason) {
        inbox.add(END);
        ServerStats.RAW_OPEN.decrementAndGet();
    }

    /**
     * A socket error; the container closes the session next.
     *
     * @param session the session
     * @param failure what happened
     */
    @OnError
    public void error(Session session, Throwable failure) {
        if (!(failure instanceof IOException)) {
            ServerStats.ERRORS.incrementAndGet();
        }
    }

    private void echo(Session session) {
        try {
            for (String message = inbox.take(); message != END; message = inbox.take()) {
                session.getBasicRemote().sendText(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | IllegalStateException e) {
            // The client went away while a message was being sent back: the close follows.
        }
    }

    private static ExecutorService threadPerTask() {
        // As the library: virtual threads where the JDK has them (found at run time, because this
        // module targets Java 17), unless they are switched off for the pages too.
        if (!"false".equalsIgnoreCase(System.getProperty("io.cspwebsocket.virtualThreads"))) {
            try {
                return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            } catch (ReflectiveOperationException e) {
                // JDK 17: platform threads below
            }
        }
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "raw-echo-thread");
            thread.setDaemon(true);
            return thread;
        });
    }
}
