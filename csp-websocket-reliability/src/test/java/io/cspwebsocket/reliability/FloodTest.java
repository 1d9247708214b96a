package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.reliability.probe.Probe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5, flooding clients: more clients than Tomcat has request threads send numbered
 * messages as fast as their sockets take them to pages that do not read yet (Rel.Sink behind the
 * probe's gate). The library stops reading those sockets (back-pressure): each client gets only
 * a bounded amount in, heap stays bounded, and a healthy socket and plain HTTP are still served.
 * Once the pages read, every message arrives, in order.
 *
 * <p>Socket buffers are kept small (client SO_SNDBUF, Tomcat {@code socket.rxBufSize}) so that
 * the kernel cannot hide a library that buffers without limit.
 */
class FloodTest extends SuiteBase {

    static final int SIZE = 8192;
    static final int INBOX = 16 * 1024;

    @BeforeAll
    static void startServer() throws Exception {
        start(Sizes.FLOOD_THREADS, Map.of("io.cspwebsocket.inboxCapacity", "16KiB"),
                Map.of("socket.rxBufSize", "16384"));
    }

    @Test
    void floodingClientsArePushedBackAndLoseNothing() throws Exception {
        int clients = Sizes.FLOOD_CLIENTS;
        int messages = Sizes.FLOOD_MESSAGES;
        long heapBefore = usedHeapAfterGc();
        Jmx.Counters before = Jmx.Counters.now();
        Probe.closeGate();
        List<RawWs> sockets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            RawWs socket = RawWs.connect(server.port(), "/csp/user/Rel.Sink.cls", Map.of(), 16 * 1024);
            ids.add(socket.readId());
            sockets.add(socket);
        }
        AtomicLongArray sent = new AtomicLongArray(clients);
        ExecutorService senders = Executors.newFixedThreadPool(clients);
        List<Future<?>> floods = new ArrayList<>();
        String payload = "f".repeat(SIZE);
        for (int i = 0; i < clients; i++) {
            RawWs socket = sockets.get(i);
            int index = i;
            floods.add(senders.submit(() -> {
                for (int n = 0; n < messages; n++) {
                    socket.text("#" + n + ":" + payload);
                    sent.addAndGet(index, SIZE);
                }
                socket.text("end");
                return null;
            }));
        }
        try {
            // Wait until the floods stall: nothing more gets in while the pages do not read.
            long[] last = {-1};
            long[] stableSince = {System.nanoTime()};
            Await.until(Duration.ofSeconds(60), () -> {
                long total = total(sent);
                if (total != last[0]) {
                    last[0] = total;
                    stableSince[0] = System.nanoTime();
                }
                return System.nanoTime() - stableSince[0] > Duration.ofSeconds(1).toNanos();
            }, "floods never stalled");
            long perClientMax = 0;
            for (int i = 0; i < clients; i++) {
                perClientMax = Math.max(perClientMax, sent.get(i));
            }
            // Inbox (16 Ki chars) + a fragment + Tomcat's read buffer + two small socket buffers, with room.
            assertTrue(perClientMax < 512 * 1024, "a client got " + perClientMax / 1024 + " KiB into a page that"
                    + " does not read: no back-pressure");
            for (Future<?> flood : floods) {
                assertTrue(!flood.isDone(), "a flood finished though no page reads");
            }
            long heapStalled = usedHeapAfterGc();
            long bound = (long) clients * (INBOX * 2 + SIZE * 4 + 64 * 1024) + 32 * MIB;
            assertTrue(heapStalled - heapBefore < bound, "heap grew " + (heapStalled - heapBefore) / MIB + " MiB");

            // Request threads are free: a healthy socket and plain HTTP are served meanwhile.
            WsClient healthy = WsClient.connect(server.ws("Rel.Echo"));
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                healthy.send("ping " + i);
                assertEquals("ping " + i, healthy.next());
            }
            double echoMillis = (System.nanoTime() - started) / 1e6 / 20;
            HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.http("/nothing-here"))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, plain.statusCode(), "plain HTTP with " + Sizes.FLOOD_THREADS + " request threads");
            healthy.close();
            assertEquals(1000, healthy.awaitClose());

            Probe.openGate();
            for (Future<?> flood : floods) {
                flood.get(180, TimeUnit.SECONDS);
            }
            for (int i = 0; i < clients; i++) {
                RawWs.Frame reply;
                do {
                    reply = sockets.get(i).readFrame();
                } while (reply.opcode() != RawWs.TEXT);
                assertEquals("got " + messages + " " + expectedChars(messages), reply.text(), ids.get(i));
            }
            assertEquals(0, Probe.counter("sequence-errors"), "pages saw messages out of order");
            Jmx.Counters after = Jmx.Counters.now();
            assertEquals((long) clients * (messages + 1) + 20, after.in() - before.in(), "MessagesIn (numbered + end + 20 pings)");
            for (RawWs socket : sockets) {
                socket.frame(RawWs.CLOSE, true, new byte[] {0x03, (byte) 0xE8});
                assertEquals(1000, socket.awaitClose());
                socket.close();
            }
            awaitPostServerOnce(ids, Duration.ofSeconds(30));
            assertLogLinesCarryIds();
            System.out.printf("RELIABILITY flood (%s): %d clients vs %d request threads, %d x %d-char messages each;"
                            + " at most %d KiB per client taken while pages did not read; heap +%d MiB; healthy echo"
                            + " %.1f ms, HTTP 404 served; all %d messages in order afterwards%n", Sizes.describe(), clients,
                    Sizes.FLOOD_THREADS, messages, SIZE, perClientMax / 1024, Math.max(0, heapStalled - heapBefore) / MIB,
                    echoMillis, (long) clients * messages);
        } finally {
            Probe.openGate();
            senders.shutdownNow();
            for (RawWs socket : sockets) {
                socket.close();
            }
        }
    }

    /** The chars of {@code #n:payload} for n = 0 … messages-1. */
    private static long expectedChars(int messages) {
        long chars = 0;
        for (int n = 0; n < messages; n++) {
            chars += 2 + String.valueOf(n).length() + SIZE;
        }
        return chars;
    }

    private static long total(AtomicLongArray sent) {
        long total = 0;
        for (int i = 0; i < sent.length(); i++) {
            total += sent.get(i);
        }
        return total;
    }
}
