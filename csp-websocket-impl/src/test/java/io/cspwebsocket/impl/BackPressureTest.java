package io.cspwebsocket.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
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

    @CspClass("Test.Slow")
    public static class Slow extends CspWebSocket {
        @Override
        protected CspStatus server() {
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
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(2, Map.of("io.cspwebsocket.inboxCapacity", "64KiB"), Slow.class)) {
            List<WsRecorder> clients = new ArrayList<>();
            List<CompletableFuture<Void>> floods = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                WsRecorder client = WsRecorder.connect(tomcat.url("/csp/user/Test.Slow.cls"));
                clients.add(client);
                floods.add(flood(client));
            }
            Thread.sleep(2000); // give the floods time to fill every buffer between client and page
            for (CompletableFuture<Void> flood : floods) {
                assertTrue(!flood.isDone(), "a client sent " + MESSAGES * SIZE / (1 << 20)
                        + " MiB to a page that does not read: nothing pushed back");
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

    private static CompletableFuture<Void> flood(WsRecorder client) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < MESSAGES; i++) {
            String prefix = i + ":";
            String message = prefix + "x".repeat(SIZE - prefix.length());
            chain = chain.thenCompose(ignored -> client.socket.sendText(message, true).thenApply(ws -> null));
        }
        return chain;
    }
}
