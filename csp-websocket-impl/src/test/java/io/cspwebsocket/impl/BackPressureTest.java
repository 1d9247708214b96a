package io.cspwebsocket.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.impl.internal.InboxProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SPEC §3.5 on embedded Tomcat: a page that does not read stops the library taking frames, so
 * the client's sends stall; on Tomcat the socket is paused rather than a request thread held,
 * so with 2 request threads and 4 stalled clients plain HTTP is still served; once the page
 * reads, every message arrives, in order.
 */
class BackPressureTest {

    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final int MESSAGES = 400;
    static final int SIZE = 64 * 1024;
    static final int CAPACITY = 64 * 1024;

    @CspClass("Test.Slow")
    public static class Slow extends CspWebSocket {
        @Override
        protected CspStatus server() {
            write("id:" + getWebSocketId());
            try {
                RELEASE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return CspStatus.error("interrupted");
            }
            int expected = 0;
            while (expected < MESSAGES) {
                StringBuilder message = new StringBuilder();
                ReadResult piece;
                do {
                    piece = read(SIZE, Duration.ofSeconds(30));
                    if (piece.status().isError()) {
                        return write("failed at " + expected + ": " + piece.status());
                    }
                    message.append(piece.data());
                } while (!piece.atEnd());
                if (message.length() != SIZE || !message.toString().startsWith(expected + ":")) {
                    return write("out of order at " + expected);
                }
                expected++;
            }
            write("all " + expected);
            return endServer();
        }
    }

    @Test
    void spec3_5_aPageThatDoesNotReadStallsItsClientWithoutHoldingRequestThreads() throws Exception {
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(2, Map.of("io.cspwebsocket.inboxCapacity", Integer.toString(CAPACITY)), Slow.class)) {
            List<WsRecorder> clients = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<AtomicInteger> sent = new ArrayList<>();
            List<CompletableFuture<Void>> floods = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                WsRecorder client = WsRecorder.connect(tomcat.url("/csp/user/Test.Slow.cls"));
                clients.add(client);
                String hello = client.next();
                assertTrue(hello.startsWith("id:"), hello);
                ids.add(hello.substring(3));
                AtomicInteger count = new AtomicInteger();
                sent.add(count);
                floods.add(flood(client, count));
            }
            awaitStalled(sent);
            for (int c = 0; c < clients.size(); c++) {
                String id = ids.get(c);
                assertTrue(!floods.get(c).isDone(), "a client sent " + MESSAGES * SIZE / (1 << 20)
                        + " MiB to a page that does not read: nothing pushed back");
                // The server side of the stall: the inbox holds about its capacity, not the flood,
                // and the socket is paused (no request thread is held for it).
                long queued = InboxProbe.queuedUnits(id);
                assertTrue(queued <= CAPACITY + 2L * SIZE, "the inbox of " + id + " holds " + queued
                        + " units, far above its capacity of " + CAPACITY + ": nothing pushed back");
                assertTrue(InboxProbe.paused(id), "the socket of a page that does not read is paused");
            }
            HttpResponse<String> plain = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(tomcat.httpUrl("/nothing-here"))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, plain.statusCode(), "plain HTTP must still be served with 2 request threads");
            RELEASE.countDown();
            for (int c = 0; c < clients.size(); c++) {
                floods.get(c).get(60, TimeUnit.SECONDS);
                assertEquals("all " + MESSAGES, clients.get(c).messages.poll(60, TimeUnit.SECONDS));
                assertEquals(1000, clients.get(c).awaitClose());
            }
        }
    }

    private static CompletableFuture<Void> flood(WsRecorder client, AtomicInteger sent) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < MESSAGES; i++) {
            String prefix = i + ":";
            String message = prefix + "x".repeat(SIZE - prefix.length());
            chain = chain.thenCompose(ignored -> client.socket.sendText(message, true).thenApply(ws -> {
                sent.incrementAndGet();
                return null;
            }));
        }
        return chain;
    }

    /**
     * Waits until no client has completed a send for a second: every buffer between the clients
     * and the pages is full. Fails if the floods never stop, or end (30 s at most).
     */
    private static void awaitStalled(List<AtomicInteger> sent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int[] before = new int[sent.size()];
        while (true) {
            Thread.sleep(1000);
            boolean moved = false;
            for (int c = 0; c < sent.size(); c++) {
                int now = sent.get(c).get();
                moved |= now != before[c];
                before[c] = now;
                assertTrue(now < MESSAGES, "client " + c + " sent its whole flood to a page that does not read");
            }
            if (!moved) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the clients' sends never stalled");
        }
    }
}
