package io.cspwebsocket.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The load client: several JDK {@link HttpClient}s (each has one selector thread), each with a
 * small executor of its own, and helpers to open and close thousands of WebSockets at a
 * bounded rate. The JDK client offers no extensions (no permessage-deflate).
 */
final class ClientPool implements AutoCloseable {

    private final HttpClient[] clients;
    private final ExecutorService[] executors;

    ClientPool(int count) {
        clients = new HttpClient[count];
        executors = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            AtomicInteger names = new AtomicInteger();
            int client = i;
            executors[i] = Executors.newFixedThreadPool(2, body -> {
                Thread thread = new Thread(body, "bench-client-" + client + "-" + names.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executors[i])
                    .connectTimeout(Duration.ofSeconds(30)).build();
        }
    }

    /** @return how many HttpClient instances share the sockets */
    int size() {
        return clients.length;
    }

    /**
     * The outcome of opening many sockets.
     *
     * @param <L> the listener type
     */
    static final class Opened<L extends Listener> {
        final List<WebSocket> sockets;
        final List<L> listeners;
        final int failures;
        final String firstFailure;
        final long nanos;

        Opened(List<WebSocket> sockets, List<L> listeners, int failures, String firstFailure, long nanos) {
            this.sockets = sockets;
            this.listeners = listeners;
            this.failures = failures;
            this.firstFailure = firstFailure;
            this.nanos = nanos;
        }
    }

    /**
     * Opens {@code n} sockets, at most {@code concurrency} handshakes at a time, spread over the
     * clients round-robin.
     *
     * @param uri where
     * @param n how many
     * @param listeners the listener of socket {@code i}
     * @param concurrency handshakes in flight at once
     * @param timeout limit of the whole phase
     * @param <L> the listener type
     * @return the sockets that opened and their listeners (in index order, failed ones left out),
     *     and the time until the last one opened
     * @throws InterruptedException if interrupted
     */
    <L extends Listener> Opened<L> openAll(URI uri, int n, IntFunction<L> listeners, int concurrency,
                                            Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Semaphore permits = new Semaphore(concurrency);
        WebSocket[] sockets = new WebSocket[n];
        List<L> created = new ArrayList<>(n);
        CountDownLatch all = new CountDownLatch(n);
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicBoolean abandoned = new AtomicBoolean();
        AtomicReference<Long> lastOpen = new AtomicReference<>(start);
        int started = 0;
        for (; started < n; started++) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            int index = started;
            L listener = listeners.apply(index);
            created.add(listener);
            clients[index % clients.length].newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(60))
                    .buildAsync(uri, listener)
                    .whenComplete((socket, failure) -> {
                        permits.release();
                        if (failure == null) {
                            if (abandoned.get()) {
                                socket.abort();
                            } else {
                                sockets[index] = socket;
                                long now = System.nanoTime();
                                lastOpen.accumulateAndGet(now, Math::max);
                            }
                        } else {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, String.valueOf(failure));
                        }
                        all.countDown();
                    });
        }
        for (int i = started; i < n; i++) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, "not started within " + timeout);
            all.countDown();
        }
        if (!all.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            abandoned.set(true);
            firstFailure.compareAndSet(null, "handshakes not done within " + timeout);
        }
        List<WebSocket> open = new ArrayList<>(n);
        List<L> openListeners = new ArrayList<>(n);
        int missing = 0;
        synchronized (sockets) {
            for (int i = 0; i < created.size(); i++) {
                if (sockets[i] != null) {
                    open.add(sockets[i]);
                    openListeners.add(created.get(i));
                } else {
                    missing++;
                }
            }
        }
        missing += n - created.size();
        int failed = Math.max(failures.get(), missing);
        return new Opened<>(open, openListeners, failed, firstFailure.get(), lastOpen.get() - start);
    }

    /**
     * Closes sockets (1000), waits for their listeners to see the close, then aborts what is left.
     *
     * @param sockets the sockets
     * @param listeners their listeners
     * @param timeout how long to wait for the closes
     * @throws InterruptedException if interrupted
     */
    static void closeAll(List<WebSocket> sockets, List<? extends Listener> listeners, Duration timeout)
            throws InterruptedException {
        for (Listener listener : listeners) {
            listener.closing = true;
        }
        for (WebSocket socket : sockets) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(failure -> null);
            } catch (RuntimeException e) {
                socket.abort();
            }
        }
        CompletableFuture<?>[] closes = listeners.stream().map(l -> l.closed).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closes).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // abort below
        }
        sockets.forEach(WebSocket::abort);
    }

    @Override
    public void close() {
        Arrays.stream(executors).forEach(ExecutorService::shutdownNow);
    }

    /** Base of the benchmark's listeners: notices closes, and whether they were asked for. */
    abstract static class Listener implements WebSocket.Listener {
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile boolean closing;
        volatile boolean unexpectedClose;
        private StringBuilder parts;

        @Override
        public final CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (!last) {
                (parts == null ? parts = new StringBuilder() : parts).append(data);
                socket.request(1);
                return null;
            }
            String message;
            if (parts != null) {
                message = parts.append(data).toString();
                parts = null;
            } else {
                message = data.toString();
            }
            onMessage(socket, message, System.nanoTime());
            socket.request(1);
            return null;
        }

        /**
         * One whole text message arrived.
         *
         * @param socket the socket
         * @param message the message
         * @param now {@link System#nanoTime()} on arrival
         */
        abstract void onMessage(WebSocket socket, String message, long now);

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            if (!closing) {
                unexpectedClose = true;
            }
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            if (!closing) {
                unexpectedClose = true;
            }
            closed.complete(null);
        }
    }
}
