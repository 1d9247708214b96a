package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the round trip of {@code CspWebSocket.openServer(remoteId).write(text)}: node A asks
 * node B, through Redis, to write to a socket B holds, and waits for B's status (B answers once the
 * container has sent the message). A write to a socket on A itself is measured the same way, as the
 * baseline. Prints p50/p90/p99/max/mean in microseconds, with the setup, and appends them to
 * {@code target/it-work/cross-node-latency.txt}. Asserts only that every write returned OK.
 *
 * <p>Tune with {@code -Dlatency.writes=2000 -Dlatency.warmup=500 -Dlatency.size=64}.
 */
class CrossNodeLatencyIT {

    private static final int WRITES = Integer.getInteger("latency.writes", 2000);
    private static final int WARMUP = Integer.getInteger("latency.warmup", 500);
    private static final int SIZE = Integer.getInteger("latency.size", 64);
    private static final Path WORK = Path.of(System.getProperty("redis.workDir", "target/it-work"));

    private static RedisServer redis;
    private static NodeProcess a;
    private static NodeProcess b;
    private static WsClient onA;
    private static WsClient onB;

    @BeforeAll
    static void start() throws Exception {
        Path work = WORK.resolve("latency-it");
        redis = RedisServer.start(work);
        try {
            a = NodeProcess.launch("A", redis.uri(), "10s", "30s", work);
            b = NodeProcess.launch("B", redis.uri(), "10s", "30s", work);
            a.awaitReady();
            b.awaitReady();
            onA = WsClient.connect(a.page());
            onB = WsClient.connect(b.page());
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (WsClient client : new WsClient[] {onA, onB}) {
            if (client != null) {
                client.abort();
            }
        }
        for (NodeProcess node : new NodeProcess[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void crossNodeWriteRoundTrip() throws Exception {
        String message = "x".repeat(SIZE);
        Map<String, String> local = Map.of("id", onA.id, "n", Integer.toString(WRITES), "warmup", Integer.toString(WARMUP));
        Map<String, String> remote = Map.of("id", onB.id, "n", Integer.toString(WRITES), "warmup", Integer.toString(WARMUP));
        String baseline = a.call("latency", local, message);
        String crossNode = a.call("latency", remote, message);
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        List<String> report = List.of(
                "cross-node write latency, " + Instant.now(),
                "setup: 2 nodes (embedded Tomcat 10.1.59, each its own JVM, " + System.getProperty("java.vm.name") + " "
                        + Runtime.version() + ", -Xmx256m -XX:+UseSerialGC), redis-server on 127.0.0.1 (--save \"\""
                        + " --appendonly no), Lettuce 6.5.5; all on one machine with "
                        + Runtime.getRuntime().availableProcessors() + " cores, load average " + load,
                "each write: openServer(id).write(" + SIZE + " ASCII chars) from a servlet thread on node A, one at a time,"
                        + " to a JDK java.net.http.WebSocket client (permessage-deflate not offered); " + WARMUP
                        + " untimed warm-up writes, then " + WRITES + " timed; microseconds",
                "  same node (A -> socket on A):       " + baseline,
                "  cross node (A -> Redis -> B -> OK): " + crossNode);
        for (String line : report) {
            System.out.println("[latency] " + line);
        }
        Files.createDirectories(WORK);
        Files.write(WORK.resolve("cross-node-latency.txt"), (String.join("\n", report) + "\n\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        assertTrue(baseline.startsWith("n="), baseline);
        assertTrue(crossNode.startsWith("n="), crossNode);
    }
}
