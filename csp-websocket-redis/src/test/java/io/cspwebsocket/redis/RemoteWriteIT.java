package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.impl.CspInitParameters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A blocking {@code write} through {@code openServer(id)} to a socket on another node behaves as a
 * local blocking write (SPEC §4.2, §4.3, §12): it waits up to the send timeout for room when the
 * client is slow, and when the client does not read in time it returns 5001 after the send timeout
 * and the socket is closed. Two real nodes (embedded Tomcat in their own JVMs) with a small send
 * queue, on one real redis-server; the client stops reading to fill the queue.
 */
class RemoteWriteIT {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path WORK = Path.of(System.getProperty("redis.workDir", "target/it-work"), "remote-write-it");
    /** Far more than the queue and the loopback socket buffers hold, so that writes must wait. */
    private static final int WRITES = 600;
    private static final String MESSAGE = "x".repeat(32 * 1024);
    /** A burst: several threads write at once, so that the socket's queue fills (one thread alone never fills it). */
    private static final int WRITERS = 8;

    private static RedisServer redis;
    private static final List<NodeProcess> NODES = new ArrayList<>();
    private static final List<WsClient> CLIENTS = new ArrayList<>();
    private static NodeProcess a;
    private static NodeProcess b;

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServer.start(WORK);
        try {
            // A 64 KiB queue per socket: two messages; a burst fills it at once.
            Map<String, String> smallQueue = Map.of(CspInitParameters.OUTBOX_CAPACITY, "65536");
            for (String id : List.of("A", "B")) {
                NODES.add(NodeProcess.launch(id, redis.uri(), LEASE.toMillis() + "ms", SEND_TIMEOUT.toMillis() + "ms",
                        WORK, smallQueue));
            }
            for (NodeProcess node : NODES) {
                node.awaitReady();
            }
            a = NODES.get(0);
            b = NODES.get(1);
        } catch (Exception | Error e) {
            stopCluster();
            throw e;
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (WsClient client : CLIENTS) {
            client.abort();
        }
        for (NodeProcess node : NODES) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static WsClient client(NodeProcess node) throws Exception {
        WsClient client = WsClient.connect(node.page());
        CLIENTS.add(client);
        return client;
    }

    /** Calls {@code writeMany} on {@code node} in the background: the call blocks while the writes wait. */
    private static CompletableFuture<String> writeMany(NodeProcess node, String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return node.call("writeMany", Map.of("id", id, "n", Integer.toString(WRITES),
                        "threads", Integer.toString(WRITERS)), MESSAGE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aRemoteBlockingWriteWaitsForRoomInsteadOfBeingRefused() throws Exception {
        WsClient slow = client(a);
        slow.pause();
        CompletableFuture<String> burst = writeMany(b, slow.id);
        Duration paused = Duration.ofMillis(1500);
        Thread.sleep(paused.toMillis());
        assertTrue(!burst.isDone(), "the writes should wait while the client does not read: " + burst.getNow(""));
        slow.resume();
        String[] answer = burst.get(WAIT.toSeconds(), TimeUnit.SECONDS).split(" ", 4);
        assertEquals(WRITES + " -", answer[0] + " " + answer[2],
                "every write succeeded once the client read again: " + String.join(" ", answer));
        assertTrue(Long.parseLong(answer[1]) >= paused.toMillis() - 200,
                "the writes waited for the client (took " + answer[1] + " ms)");
        int received = 0;
        for (String message = slow.next(WAIT); message != null; message = slow.next(Duration.ofMillis(500))) {
            if (message.equals("T:" + MESSAGE)) {
                received++;
            }
        }
        assertEquals(WRITES, received, "each write arrived once");
        assertEquals("0 OK", b.call("status", slow.id), "the socket stays open");
    }

    @Test
    void aRemoteBlockingWriteThatTimesOutIs5001AfterTheSendTimeoutAndClosesTheSocket() throws Exception {
        WsClient stuck = client(a);
        stuck.pause();
        String[] answer = writeMany(b, stuck.id).get(WAIT.toSeconds(), TimeUnit.SECONDS).split(" ", 4);
        assertTrue(Integer.parseInt(answer[0]) < WRITES, "a write failed: " + String.join(" ", answer));
        // The write on the wire times out (5001); writes waiting behind it then find the socket closed (7951).
        assertTrue(answer[2].contains("5001"), "a write failed with 5001: " + String.join(" ", answer));
        long millis = Long.parseLong(answer[1]);
        assertTrue(millis >= SEND_TIMEOUT.toMillis() - 200,
                "the failing write waited for the send timeout, as a local write does (all took " + millis + " ms)");
        // SPEC §4.3: a send that did not finish within the send timeout closes the socket.
        assertTrue(b.call("status", stuck.id).startsWith("7951 "), "closed, as seen from the other node");
        assertTrue(a.call("status", stuck.id).startsWith("7951 "), "closed on its own node");
    }
}
