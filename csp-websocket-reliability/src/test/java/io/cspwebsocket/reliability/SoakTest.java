package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.reliability.probe.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1, soak: sockets (half synchronous Rel.Echo, half shared Rel.SharedEcho) each send
 * numbered messages as fast as the socket takes them and get them echoed. Nothing lost,
 * duplicated or reordered, checked by the client and by the page; the MBean's counters match;
 * heap and threads return to their baseline once the sockets are closed.
 */
class SoakTest extends SuiteBase {

    @BeforeAll
    static void startServer() throws Exception {
        start(200, Map.of(), Map.of());
    }

    @Test
    void numberedMessagesAreNeitherLostNorDuplicatedNorReordered() throws Exception {
        int sockets = Sizes.SOAK_SOCKETS;
        int messages = Sizes.SOAK_MESSAGES;
        String payload = "p".repeat(32);

        // Threads before anything ran (idle pooled workers of JDK 17 live 30 s), heap after a warm-up.
        int threadsBefore = steadyThreadCount();
        List<String> libraryThreadsBefore = libraryPlatformThreads();
        round(4, 20, payload);
        Await.until(Duration.ofSeconds(30), () -> Jmx.get("OpenSockets") == 0, "warm-up sockets still open");
        long heapBefore = usedHeapAfterGc();
        Jmx.Counters before = Jmx.Counters.now();

        long started = System.nanoTime();
        List<String> ids = round(sockets, messages, payload);
        double seconds = (System.nanoTime() - started) / 1e9;

        Jmx.Counters after = Jmx.Counters.now();
        assertEquals(0, Probe.counter("sequence-errors"), "pages saw messages out of order");
        assertEquals((long) sockets * messages, after.in() - before.in(), "MessagesIn");
        assertEquals((long) sockets * (messages + 1), after.out() - before.out(), "MessagesOut (echoes + ids)");
        assertEquals(sockets, after.opened() - before.opened(), "OpenedSockets");
        assertEquals(0, after.callbackErrors() - before.callbackErrors(), "CallbackErrors");
        awaitPostServerOnce(ids, Duration.ofSeconds(60));
        for (String id : ids) {
            long closes = Probe.events(id, "close:1");
            assertTrue(closes <= 1, id + " got onClientMessage(\"\", 1) " + closes + " times");
        }

        Await.until(Duration.ofSeconds(30), () -> Jmx.get("OpenSockets") == 0, () -> "open sockets " + Jmx.get("OpenSockets"));
        // On platform threads (JDK 17) the library's pooled threads, pages' included, end 30 s after their last task.
        Await.until(Duration.ofSeconds(60), () -> Jmx.get("LibraryThreads") == 0,
                () -> "library threads " + Jmx.get("LibraryThreads"));
        Await.until(Duration.ofSeconds(90), () -> libraryPlatformThreads().equals(libraryThreadsBefore),
                () -> "library threads " + libraryPlatformThreads() + " vs " + libraryThreadsBefore);
        Await.until(Duration.ofSeconds(90), () -> steadyThreadCount() <= threadsBefore,
                () -> "threads " + steadyThreadCount() + " vs " + threadsBefore + " before");
        long[] heapAfter = new long[1];
        Await.until(Duration.ofSeconds(60), () -> (heapAfter[0] = usedHeapAfterGc()) <= heapBefore + 16 * MIB,
                () -> "heap " + heapAfter[0] / MIB + " MiB vs " + heapBefore / MIB + " MiB before");
        assertLogLinesCarryIds();
        System.out.printf("RELIABILITY soak (%s): %d sockets x %d messages in %.1f s (%.0f round trips/s); heap %d -> %d MiB;"
                        + " steady threads %d -> %d; library platform threads %s%n", Sizes.describe(), sockets, messages,
                seconds, sockets * (double) messages / seconds, heapBefore / MIB, heapAfter[0] / MIB, threadsBefore,
                steadyThreadCount(), libraryPlatformThreads());
    }

    /** Opens the sockets, runs the numbered echo on all at once, closes them; returns their ids. */
    private static List<String> round(int sockets, int messages, String payload) throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            urls.add(server.ws(i % 2 == 0 ? "Rel.Echo" : "Rel.SharedEcho"));
        }
        List<WsClient> clients = WsClient.connectAll(urls);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (WsClient client : clients) {
            client.expect(messages);
            sends.add(client.sendNumbered(messages, payload));
        }
        long timeoutSeconds = 60 + (long) sockets * messages / 2000;
        CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get(timeoutSeconds, TimeUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (WsClient client : clients) {
            client.allReceived.get(timeoutSeconds, TimeUnit.SECONDS);
            assertEquals(List.of(), List.copyOf(client.errors), "order at the client of " + client.webSocketId());
            assertEquals(messages, client.numbered.get(), "echoes received by " + client.webSocketId());
            ids.add(client.webSocketId());
        }
        for (WsClient client : clients) {
            client.close();
        }
        for (WsClient client : clients) {
            assertEquals(1000, client.awaitClose(), "close code of " + client.webSocketId());
        }
        return ids;
    }
}
