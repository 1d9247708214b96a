package io.cspwebsocket.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JDK {@link WebSocket} client that records what it receives. Numbered messages
 * ({@code #<n>:…}) are checked as they arrive: any gap, repeat or swap is recorded as an error.
 * The first message of every fixture page, {@code id:<WebSocketID>}, fills {@link #id}.
 */
final class WsClient implements WebSocket.Listener {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** One HTTP client (one selector thread) for every socket of the suite. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    final CompletableFuture<String> id = new CompletableFuture<>();
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final Queue<String> errors = new ConcurrentLinkedQueue<>();
    final AtomicLong numbered = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private volatile long expected;
    private volatile long target = -1;
    final CompletableFuture<Void> allReceived = new CompletableFuture<>();
    WebSocket socket;

    static CompletableFuture<WsClient> open(String url) {
        WsClient client = new WsClient();
        return HTTP.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(URI.create(url), client)
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    static WsClient connect(String url) throws Exception {
        WsClient client = open(url).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        client.id.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    /** Opens many at once (bounded concurrency keeps the accept queue and the handshakes calm). */
    static List<WsClient> connectAll(List<String> urls) throws Exception {
        List<WsClient> clients = new java.util.ArrayList<>();
        int batch = 100;
        for (int from = 0; from < urls.size(); from += batch) {
            List<CompletableFuture<WsClient>> opening = new java.util.ArrayList<>();
            for (String url : urls.subList(from, Math.min(urls.size(), from + batch))) {
                opening.add(open(url));
            }
            for (CompletableFuture<WsClient> future : opening) {
                WsClient client = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                client.id.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                clients.add(client);
            }
        }
        return clients;
    }

    /** Sends that may complete at once on the calling thread before the stream goes on in the background. */
    private static final int INLINE_SENDS = 256;

    String webSocketId() {
        return id.getNow(null);
    }

    /** @param count numbered messages this client expects back; {@link #allReceived} completes then */
    void expect(long count) {
        target = count;
        if (numbered.get() >= count) {
            allReceived.complete(null);
        }
    }

    /** Sends {@code #0:payload} … {@code #(count-1):payload}, one after the other, without waiting for echoes. */
    CompletableFuture<Void> sendNumbered(int count, String payload) {
        return sendNumbered(count, payload, 0);
    }

    /**
     * As {@link #sendNumbered(int, String)}, with at most {@code window} messages sent and not yet
     * echoed: a client under load that keeps pace with its echoes, as a real one does, rather than
     * one that floods (hundreds of flooding clients would only measure a saturated machine).
     *
     * @param window messages in flight at most; 0 for no limit
     */
    CompletableFuture<Void> sendNumbered(int count, String payload, int window) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        this.window = window;
        this.windowed = new Windowed(count, payload, done);
        sendFrom(0, count, payload, done);
        return done;
    }

    /** The stream a windowed sender resumes when echoes make room. */
    private record Windowed(int count, String payload, CompletableFuture<Void> done) {
    }

    private volatile int window;
    private volatile Windowed windowed;
    /** The message a windowed sender stopped at for want of room, or -1 while it runs. */
    private final java.util.concurrent.atomic.AtomicInteger parkedAt = new java.util.concurrent.atomic.AtomicInteger(-1);

    /** @return whether the sender must wait for echoes before sending message {@code next} */
    private boolean windowFull(int next) {
        return window > 0 && next - numbered.get() >= window;
    }

    /** Called for each echo: resumes a sender that waits for room. */
    private void makeRoom() {
        int at = parkedAt.get();
        Windowed stream = windowed;
        if (at >= 0 && stream != null && !windowFull(at) && parkedAt.compareAndSet(at, -1)) {
            sendFrom(at, stream.count(), stream.payload(), stream.done());
        }
    }

    /**
     * Sends from message {@code n} on; a loop, not recursion, when sends complete at once. After a
     * batch of sends that completed at once the loop goes on in the background, so the caller is
     * never held for a long stream that the server keeps up with.
     */
    private void sendFrom(int n, int count, String payload, CompletableFuture<Void> done) {
        int next = n;
        int inline = 0;
        while (next < count) {
            if (windowFull(next)) {
                parkedAt.set(next);
                // An echo may have made room before the mark was set: then carry on, unless that
                // echo's thread has taken the mark and resumed the stream itself.
                if (windowFull(next) || !parkedAt.compareAndSet(next, -1)) {
                    return;
                }
            }
            if (window == 0 && ++inline > INLINE_SENDS) {
                int from = next;
                CompletableFuture.runAsync(() -> sendFrom(from, count, payload, done));
                return;
            }
            CompletableFuture<WebSocket> send = socket.sendText("#" + next + ":" + payload, true);
            int following = next + 1;
            if (!send.isDone()) {
                send.whenComplete((ws, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else {
                        sendFrom(following, count, payload, done);
                    }
                });
                return;
            }
            if (send.isCompletedExceptionally()) {
                send.whenComplete((ws, failure) -> done.completeExceptionally(failure));
                return;
            }
            next = following;
        }
        done.complete(null);
    }

    String next() throws InterruptedException {
        String message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + WAIT + " on " + webSocketId());
        }
        return message;
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    int awaitClose() throws Exception {
        return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Closes with 1000 (and waits for the server's close). */
    void close() {
        socket.sendClose(1000, "").exceptionally(failure -> null);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            if (message.startsWith("id:") && !id.isDone()) {
                id.complete(message.substring(3));
            } else if (message.startsWith("#")) {
                int colon = message.indexOf(':');
                long n = Long.parseLong(message.substring(1, colon));
                if (n != expected) {
                    errors.add("expected #" + expected + ", got #" + n);
                }
                expected = n + 1;
                long received = numbered.incrementAndGet();
                if (target >= 0 && received >= target) {
                    allReceived.complete(null);
                }
                makeRoom();
            } else {
                messages.add(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
        allReceived.completeExceptionally(error);
    }
}
