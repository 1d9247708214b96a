package io.cspwebsocket.tck;

import io.cspwebsocket.tck.support.StallDiagnostics;
import io.cspwebsocket.tck.support.TckWire;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A recording WebSocket client over the JDK's {@link java.net.http.WebSocket}: every event the
 * server causes (a whole text or binary message, the close, an error) is queued in arrival
 * order, and the test takes them one by one with the {@code await…} methods. At the end of a
 * test {@link #assertExhausted()} proves nothing unexpected arrived, the way OkHttp's
 * {@code WebSocketRecorder} does.
 *
 * <p>Fragments are joined: one queued {@link Text} or {@link Binary} is one WebSocket message.
 * By default the client keeps asking for more (it reads as fast as the server sends); a client
 * built with {@link Connector#manualDemand()} asks for nothing until {@link #request(long)} is
 * called, so the server's writes eventually stall.
 *
 * <p>Thread-safe: the listener runs on the HTTP client's threads, the test on its own.
 */
public final class TckClient implements AutoCloseable {

    /** One thing the server did, as seen by the client. */
    public sealed interface Event permits Text, Binary, Close, Error {
    }

    /**
     * A whole text message.
     *
     * @param data the message
     */
    public record Text(String data) implements Event {
        @Override
        public String toString() {
            return "Text[" + (data.length() <= 80 ? data : data.substring(0, 77) + "... (" + data.length() + " chars)") + "]";
        }
    }

    /**
     * A whole binary message.
     *
     * @param data the message bytes
     */
    public record Binary(byte[] data) implements Event {
        @Override
        public String toString() {
            return "Binary[" + data.length + " bytes]";
        }
    }

    /**
     * The close frame the server sent.
     *
     * @param code the close code
     * @param reason the close reason
     */
    public record Close(int code, String reason) implements Event {
    }

    /**
     * The connection failed without a close frame (reset, protocol error).
     *
     * @param error what the JDK client reported
     */
    public record Error(Throwable error) implements Event {
    }

    private final TckEnvironment env;
    private final URI uri;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final boolean autoDemand;
    private volatile WebSocket socket;

    private TckClient(TckEnvironment env, URI uri, boolean autoDemand) {
        this.env = env;
        this.uri = uri;
        this.autoDemand = autoDemand;
    }

    /**
     * Starts describing a connection.
     *
     * @param env the timeouts to use
     * @param uri the {@code ws://} URI of the page
     * @return a connector to configure and {@link Connector#connect() connect}
     */
    public static Connector to(TckEnvironment env, URI uri) {
        return new Connector(env, uri);
    }

    /**
     * Opens a connection with the defaults (no subprotocol, automatic demand).
     *
     * @param env the timeouts to use
     * @param uri the {@code ws://} URI of the page
     * @return the open client
     * @throws AssertionError if the handshake fails
     */
    public static TckClient connect(TckEnvironment env, URI uri) {
        return to(env, uri).connect();
    }

    /** How to open a connection: subprotocols, headers, demand. */
    public static final class Connector {
        private final TckEnvironment env;
        private final URI uri;
        private final List<String> subprotocols = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean autoDemand = true;

        private Connector(TckEnvironment env, URI uri) {
            this.env = Objects.requireNonNull(env, "env");
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /**
         * Offers subprotocols in the handshake ({@code Sec-WebSocket-Protocol}).
         *
         * @param protocols the protocols, most preferred first
         * @return this connector
         */
        public Connector subprotocols(String... protocols) {
            subprotocols.addAll(List.of(protocols));
            return this;
        }

        /**
         * Adds a header to the handshake request.
         *
         * @param name the header name
         * @param value the value
         * @return this connector
         */
        public Connector header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * Asks the server for nothing until {@link TckClient#request(long)} is called: the
         * client stops reading, so the server's sends eventually stall.
         *
         * @return this connector
         */
        public Connector manualDemand() {
            autoDemand = false;
            return this;
        }

        /**
         * Starts the handshake without waiting.
         *
         * @return completes with the open client, or exceptionally with the handshake failure
         */
        public CompletableFuture<TckClient> connectAsync() {
            TckClient client = new TckClient(env, uri, autoDemand);
            return TckWire.current().open(uri, subprotocols, headers, env.timeout(), client.new Recorder()).thenApply(ws -> {
                client.socket = ws;
                return client;
            });
        }

        /**
         * Opens the connection, waiting up to the environment's timeout.
         *
         * @return the open client
         * @throws AssertionError if the handshake fails or does not finish in time
         */
        public TckClient connect() {
            CompletableFuture<TckClient> pending = connectAsync();
            try {
                return pending.get(env.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof WebSocketHandshakeException refused) {
                    throw new AssertionError("handshake to " + uri + " was refused with HTTP "
                            + refused.getResponse().statusCode() + describe(refused.getResponse()), refused);
                }
                throw new AssertionError("handshake to " + uri + " failed: " + cause, cause);
            } catch (TimeoutException e) {
                pending.cancel(true);
                String stall = "handshake to " + uri + " did not finish within " + env.timeout().toMillis() + " ms";
                throw new AssertionError(stall + " " + StallDiagnostics.record(stall));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /**
         * The headers and body of a refusal, for the assertion message: an unexpected status
         * (seen: HTTP 200 on Payara under churn) says little without them.
         */
        private static String describe(java.net.http.HttpResponse<?> response) {
            Object body = response.body();
            String text = body == null ? "" : body.toString();
            return "; headers " + response.headers().map() + "; body ["
                    + (text.length() > 500 ? text.substring(0, 500) + "..." : text) + "]";
        }

        /**
         * Attempts a handshake that the server must refuse, and returns the HTTP status it
         * answered with (from {@link WebSocketHandshakeException#getResponse()}).
         *
         * @return the HTTP status code of the refusal
         * @throws AssertionError if the upgrade succeeded (the connection is then closed) or
         *         the handshake failed without an HTTP response
         */
        public int refusedStatus() {
            CompletableFuture<TckClient> pending = connectAsync();
            try {
                TckClient accepted = pending.get(env.timeout().toMillis(), TimeUnit.MILLISECONDS);
                accepted.abort();
                throw new AssertionError("expected the handshake to " + uri + " to be refused, but it was upgraded");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause instanceof WebSocketHandshakeException refused) {
                    return refused.getResponse().statusCode();
                }
                throw new AssertionError("handshake to " + uri + " failed without an HTTP status: " + cause, cause);
            } catch (TimeoutException e) {
                pending.cancel(true);
                throw new AssertionError("handshake to " + uri + " got no answer within " + env.timeout().toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private final class Recorder implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            if (autoDemand) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(new Text(text.toString()));
                text.setLength(0);
            }
            if (autoDemand) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                events.add(new Binary(binary.toByteArray()));
                binary.reset();
            }
            if (autoDemand) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            // Pings are the library's keep-alive (SPEC §8.3), not test events; the JDK answers them.
            if (autoDemand) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            if (autoDemand) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add(new Error(error));
        }
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Takes the next event, waiting up to the environment's timeout.
     *
     * @return the event
     * @throws AssertionError if none arrives in time
     */
    public Event next() {
        return next(env.timeout());
    }

    /**
     * Takes the next event, waiting up to {@code limit}.
     *
     * @param limit how long to wait
     * @return the event
     * @throws AssertionError if none arrives in time
     */
    public Event next(Duration limit) {
        try {
            Event event = events.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event from " + uri + " within " + limit.toMillis() + " ms");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Takes the next event, which must be a text message.
     *
     * @return the message
     * @throws AssertionError if the next event is something else or none arrives in time
     */
    public String awaitText() {
        Event event = next();
        if (event instanceof Text text) {
            return text.data();
        }
        throw new AssertionError("expected a text message from " + uri + " but got " + event);
    }

    /**
     * Takes the next event, which must be the given text message.
     *
     * @param expected the expected message
     * @throws AssertionError otherwise
     */
    public void awaitText(String expected) {
        String actual = awaitText();
        if (!expected.equals(actual)) {
            throw new AssertionError("expected text \"" + expected + "\" from " + uri + " but got \"" + actual + "\"");
        }
    }

    /**
     * Takes the next event, which must be a binary message.
     *
     * @return the message bytes
     * @throws AssertionError if the next event is something else or none arrives in time
     */
    public byte[] awaitBinary() {
        Event event = next();
        if (event instanceof Binary binary) {
            return binary.data();
        }
        throw new AssertionError("expected a binary message from " + uri + " but got " + event);
    }

    /**
     * Takes the next event, which must be the server's close frame.
     *
     * @return the close
     * @throws AssertionError if the next event is something else or none arrives in time
     */
    public Close awaitClose() {
        Event event = next();
        if (event instanceof Close close) {
            return close;
        }
        throw new AssertionError("expected the server to close " + uri + " but got " + event);
    }

    /**
     * Skips text messages until the close frame arrives.
     *
     * @return the close
     * @throws AssertionError if a non-text event comes first or nothing arrives in time
     */
    public Close awaitCloseSkippingText() {
        for (;;) {
            Event event = next();
            if (event instanceof Close close) {
                return close;
            }
            if (!(event instanceof Text)) {
                throw new AssertionError("expected text messages then a close from " + uri + " but got " + event);
            }
        }
    }

    /**
     * Asserts that no event is queued now: every message the test did not expect is a failure.
     *
     * @throws AssertionError listing the unexpected events
     */
    public void assertExhausted() {
        if (!events.isEmpty()) {
            List<Event> left = new ArrayList<>();
            events.drainTo(left);
            throw new AssertionError("unexpected events from " + uri + ": " + left);
        }
    }

    /** @return the number of events queued and not yet taken */
    public int pending() {
        return events.size();
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends one text message and waits until the JDK client has written it.
     *
     * @param message the message
     * @throws AssertionError if the send fails or does not complete in time
     */
    public void send(String message) {
        join(socket().sendText(message, true), "send to " + uri);
    }

    /**
     * Sends one text frame, possibly a fragment of a message, without waiting.
     *
     * @param fragment the frame's text
     * @param last whether it ends the message
     * @return completes when the JDK client has written it
     */
    public CompletableFuture<WebSocket> sendAsync(String fragment, boolean last) {
        return socket().sendText(fragment, last);
    }

    /**
     * Sends one binary message and waits until the JDK client has written it.
     *
     * @param message the bytes
     * @throws AssertionError if the send fails or does not complete in time
     */
    public void send(byte[] message) {
        join(socket().sendBinary(ByteBuffer.wrap(message), true), "binary send to " + uri);
    }

    /**
     * Sends a close frame and waits until it is written (the server's answer arrives as a
     * {@link Close} event).
     *
     * @param code the close code
     * @param reason the close reason
     */
    public void sendClose(int code, String reason) {
        join(socket().sendClose(code, reason), "close of " + uri);
    }

    /**
     * Asks the server for up to {@code n} more messages (only needed with
     * {@link Connector#manualDemand()}).
     *
     * @param n how many
     */
    public void request(long n) {
        socket().request(n);
    }

    /** @return the subprotocol the server selected, {@code ""} if none */
    public String subprotocol() {
        return socket().getSubprotocol();
    }

    /** @return whether the client's input side has seen the close or an error */
    public boolean isInputClosed() {
        return socket().isInputClosed();
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /** Drops the connection if it is still open: for {@code @AfterEach}. */
    @Override
    public void close() {
        abort();
    }

    private WebSocket socket() {
        WebSocket ws = socket;
        if (ws == null) {
            throw new IllegalStateException("not connected");
        }
        return ws;
    }

    private void join(CompletableFuture<?> future, String what) {
        try {
            future.get(env.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + env.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Decodes UTF-8 bytes (for binary messages that carry text).
     *
     * @param bytes the bytes
     * @return the string
     */
    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TckClient[" + uri + ", " + events.size() + " pending]";
    }
}
