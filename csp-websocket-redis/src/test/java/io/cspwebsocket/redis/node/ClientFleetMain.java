package io.cspwebsocket.redis.node;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many real WebSocket clients of one node, in a JVM of their own (BroadcastScaleIT): a process may
 * hold 20,000 file descriptors here, so the clients of two nodes with 10,000 sockets each cannot
 * share the test's JVM. JDK {@code java.net.http.WebSocket} clients over 4 {@code HttpClient}s
 * (one selector thread each), at most 100 handshakes at a time.
 *
 * <p>Arguments: the page's URL and how many clients. Prints {@code READY <count> <millis> <id of
 * the first client>} once every client has its page's {@code id:} message, or {@code FAILED <why>}.
 * For each text {@code bc|<round>|…} a client receives, it notes when (nanoTime, one clock for every
 * JVM of a Linux machine); once every client has round {@code <round>}, prints
 * {@code ARRIVED <round> <clients> <first nanoTime> <last nanoTime>}. Reading {@code count <round>}
 * prints {@code COUNT} with the same fields so far; {@code quit} (or the end of standard input)
 * exits.
 */
public final class ClientFleetMain {

    private static final int HTTP_CLIENTS = 4;
    private static final int CONCURRENT_HANDSHAKES = 100;

    /** One round's arrivals. */
    private static final class Round {
        final AtomicInteger clients = new AtomicInteger();
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

        String fields(String round) {
            return round + " " + clients.get() + " " + first.get() + " " + last.get();
        }
    }

    private static final Map<String, Round> ROUNDS = new ConcurrentHashMap<>();
    private static int expected;

    private ClientFleetMain() {
    }

    /**
     * @param args the page's URL and the number of clients
     * @throws Exception if the fleet cannot start
     */
    public static void main(String[] args) throws Exception {
        URI page = URI.create(args[0]);
        expected = Integer.parseInt(args[1]);
        List<HttpClient> http = new ArrayList<>();
        for (int i = 0; i < HTTP_CLIENTS; i++) {
            http.add(HttpClient.newHttpClient());
        }
        long start = System.nanoTime();
        Semaphore handshakes = new Semaphore(CONCURRENT_HANDSHAKES);
        List<CompletableFuture<String>> ids = new ArrayList<>();
        List<WebSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < expected; i++) {
            if (!handshakes.tryAcquire(60, TimeUnit.SECONDS)) {
                fail("no handshake ended within 60 s after " + i + " clients");
            }
            Client client = new Client();
            ids.add(client.id);
            http.get(i % HTTP_CLIENTS).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(page, client)
                    .whenComplete((socket, failure) -> {
                        if (failure != null) {
                            client.id.completeExceptionally(failure);
                        } else {
                            sockets.add(socket);
                        }
                    });
            client.id.whenComplete((id, failure) -> handshakes.release());
        }
        String firstId = null;
        for (CompletableFuture<String> id : ids) {
            try {
                String got = id.get(120, TimeUnit.SECONDS);
                firstId = firstId == null ? got : firstId;
            } catch (Exception e) {
                fail("a client did not open: " + e);
            }
        }
        System.out.println("READY " + expected + " " + (System.nanoTime() - start) / 1_000_000 + " " + firstId);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            if (line.startsWith("count ")) {
                String round = line.substring("count ".length());
                System.out.println("COUNT " + ROUNDS.computeIfAbsent(round, r -> new Round()).fields(round));
                System.out.flush();
            }
        }
        for (WebSocket socket : sockets) {
            socket.abort();
        }
        System.exit(0);
    }

    private static void fail(String why) {
        System.out.println("FAILED " + why);
        System.out.flush();
        System.exit(2);
    }

    private static void arrived(String round, long nanos) {
        Round tally = ROUNDS.computeIfAbsent(round, r -> new Round());
        tally.first.accumulateAndGet(nanos, Math::min);
        tally.last.accumulateAndGet(nanos, Math::max);
        if (tally.clients.incrementAndGet() == expected) {
            synchronized (System.out) {
                System.out.println("ARRIVED " + tally.fields(round));
                System.out.flush();
            }
        }
    }

    /** One client: its page's id first, then broadcasts. */
    private static final class Client implements WebSocket.Listener {
        final CompletableFuture<String> id = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                long now = System.nanoTime();
                String message = text.toString();
                text.setLength(0);
                if (message.startsWith("id:")) {
                    id.complete(message.substring("id:".length()));
                } else if (message.startsWith("bc|")) {
                    int end = message.indexOf('|', 3);
                    arrived(message.substring(3, end < 0 ? message.length() : end), now);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            id.completeExceptionally(error);
        }
    }
}
