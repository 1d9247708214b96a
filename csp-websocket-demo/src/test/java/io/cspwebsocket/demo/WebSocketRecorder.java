package io.cspwebsocket.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JDK {@link java.net.http.WebSocket} client that records what the server sends, in order, for
 * the test to take one event at a time and, at the end, to check that nothing unexpected is left
 * ({@link #assertExhausted()}). Public in the demo's test jar, for the Spring Boot WAR test.
 */
public final class WebSocketRecorder implements WebSocket.Listener, AutoCloseable {

    /** Something the client received. */
    public sealed interface Event permits Text, Binary, Close, Failure {
    }

    /** A complete text message. */
    public record Text(String data) implements Event {
    }

    /** A complete binary message. */
    public record Binary(int length) implements Event {
    }

    /** The server's close frame. */
    public record Close(int code, String reason) implements Event {
    }

    /** An error reported by the client. */
    public record Failure(Throwable error) implements Event {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(DemoTestEnvironment.EVENT_TIMEOUT)
            .build();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder textParts = new StringBuilder();
    private int binaryParts;
    private WebSocket webSocket;

    private WebSocketRecorder() {
    }

    /** Opens a WebSocket to {@code uri}, offering {@code subprotocols}, and waits for the upgrade. */
    public static WebSocketRecorder connect(URI uri, String... subprotocols) {
        WebSocketRecorder recorder = new WebSocketRecorder();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(DemoTestEnvironment.EVENT_TIMEOUT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            recorder.webSocket = builder.buildAsync(uri, recorder)
                    .get(DemoTestEnvironment.EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("WebSocket handshake with " + uri + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no WebSocket handshake with " + uri + " within " + DemoTestEnvironment.EVENT_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return recorder;
    }

    /** The subprotocol the server selected; {@code ""} for none. */
    public String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /** Sends one complete text message and waits until it is handed to the network. */
    public void send(String text) {
        join(webSocket.sendText(text, true), "send " + text);
    }

    /** Takes the next event, which must be a text message, within {@link DemoTestEnvironment#EVENT_TIMEOUT}. */
    public String expectText() {
        return expectText(DemoTestEnvironment.EVENT_TIMEOUT);
    }

    /** Takes the next event, which must be a text message, within {@code timeout}. */
    public String expectText(Duration timeout) {
        Event event = next(timeout);
        if (event instanceof Text text) {
            return text.data();
        }
        throw new AssertionError("expected a text message, got " + event);
    }

    /** Takes the next event, which must be the server's close frame. */
    public Close expectClose() {
        Event event = next(DemoTestEnvironment.EVENT_TIMEOUT);
        if (event instanceof Close close) {
            return close;
        }
        throw new AssertionError("expected the server to close, got " + event);
    }

    /** Asserts that nothing was received that the test did not take. */
    public void assertExhausted() {
        assertNull(events.poll(), "unexpected events left: " + events);
    }

    /**
     * Sends a close frame and waits until it is handed to the network; the server's answering
     * close frame arrives as a {@link Close} event.
     */
    public void sendClose(int code, String reason) {
        join(webSocket.sendClose(code, reason), "close " + code);
    }

    /**
     * Drops the TCP connection without a close frame, as a crashed client or a lost network
     * would.
     */
    public void abort() {
        webSocket.abort();
    }

    /** Closes from the client side (1000) if still open, then drops the connection. */
    @Override
    public void close() {
        if (webSocket == null) {
            return;
        }
        if (!webSocket.isOutputClosed()) {
            try {
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "test done")
                        .get(DemoTestEnvironment.EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Best effort: the connection is aborted below in any case.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        webSocket.abort();
    }

    private Event next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("nothing received within " + timeout);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void join(CompletableFuture<?> future, String what) {
        try {
            future.get(DemoTestEnvironment.EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + DemoTestEnvironment.EVENT_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ---------------------------------------------------------------- WebSocket.Listener
    // The JDK calls these one at a time, so the part buffers need no lock.

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        textParts.append(data);
        if (last) {
            events.add(new Text(textParts.toString()));
            textParts.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        binaryParts += data.remaining();
        if (last) {
            events.add(new Binary(binaryParts));
            binaryParts = 0;
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        events.add(new Close(statusCode, reason));
        return null; // The JDK then answers with a close frame of the same code.
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        events.add(new Failure(error));
    }

    /** Checks a close event's code. */
    static void assertCloseCode(int expected, Close close) {
        assertEquals(expected, close.code(), "close code (reason \"" + close.reason() + "\")");
    }
}
