package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures a broadcast to every socket of two nodes (issue 17, defect 5): real node JVMs (embedded
 * Tomcat with the Redis binding), a real redis-server, and real WebSocket clients, each node's in a
 * JVM of its own ({@link ClientFleet}: a process may hold 20,000 file descriptors here). Node A
 * calls {@code broadcast}; the figures are the time from that call until the last client of each
 * node had the message, and how long node B's own Redis traffic waited meanwhile (a remote
 * {@code status()} answered on B's subscription connection, the one that brings the broadcast, and
 * an {@code openIds}: {@code RedisProbe}). All processes share one Linux machine, whose
 * {@code nanoTime} is one clock for every JVM. Prints the figures with the setup and appends them
 * to {@code target/it-work/broadcast-scale.txt}. Asserts that every broadcast reached every socket
 * (and counted A's, or both nodes' if B's count came within A's 2 s), that every probe call succeeded, and that undeploying leaves no library thread; the timings are printed, not asserted.
 *
 * <p>CI runs 1,000 sockets per node; for the figures run
 * {@code -Dbroadcast.perNode=10000 -Dbroadcast.nodeHeap=2g -Dbroadcast.fleetHeap=1g}
 * (10,000 sockets keep about 700 MB live on a node: with 1 GB, full collections of 1.5-2.3 s fell
 * into the rounds). Also
 * {@code -Dbroadcast.rounds=5 -Dbroadcast.warmup=2 -Dbroadcast.size=64} and
 * {@code -Dbroadcast.nodeOptions="-XX:StartFlightRecording=settings=profile,filename=/tmp/{node}.jfr"} (JVM
 * options of both nodes, {@code {node}} their id; the recordings are written when the nodes are
 * undeployed at the end). Ends by undeploying both nodes: no library thread may be left.
 */
class BroadcastScaleIT {

    private static final int PER_NODE = Integer.getInteger("broadcast.perNode", 1000);
    private static final int ROUNDS = Integer.getInteger("broadcast.rounds", 5);
    private static final int WARMUP = Integer.getInteger("broadcast.warmup", 2);
    private static final int SIZE = Integer.getInteger("broadcast.size", 64);
    private static final String NODE_HEAP = System.getProperty("broadcast.nodeHeap", "512m");
    private static final String FLEET_HEAP = System.getProperty("broadcast.fleetHeap", "512m");
    private static final String NODE_OPTIONS = System.getProperty("broadcast.nodeOptions", "");
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(Math.max(120, PER_NODE / 50));
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);
    private static final Path WORK = Path.of(System.getProperty("redis.workDir", "target/it-work"));

    private static RedisServer redis;
    private static NodeProcess a;
    private static NodeProcess b;
    private static ClientFleet onA;
    private static ClientFleet onB;

    @BeforeAll
    static void start() throws Exception {
        Path work = WORK.resolve("broadcast-scale");
        redis = RedisServer.start(work);
        try {
            a = NodeProcess.launch("A", redis.uri(), "10s", "30s", work, Map.of(), nodeOptions("A"));
            b = NodeProcess.launch("B", redis.uri(), "10s", "30s", work, Map.of(), nodeOptions("B"));
            a.awaitReady();
            b.awaitReady();
            onA = ClientFleet.launch("A", a.page(), PER_NODE, FLEET_HEAP, work);
            onB = ClientFleet.launch("B", b.page(), PER_NODE, FLEET_HEAP, work);
            onA.awaitReady(OPEN_TIMEOUT);
            onB.awaitReady(OPEN_TIMEOUT);
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    /** The heap, and {@code broadcast.nodeOptions} with {@code {node}} replaced by the node's id (a JFR file each). */
    private static List<String> nodeOptions(String nodeId) {
        List<String> options = new ArrayList<>(List.of("-Xms" + NODE_HEAP, "-Xmx" + NODE_HEAP));
        if (!NODE_OPTIONS.isBlank()) {
            options.addAll(Arrays.asList(NODE_OPTIONS.replace("{node}", nodeId).trim().split("\\s+")));
        }
        return options;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable process : new AutoCloseable[] {onA, onB, a, b, redis}) {
            if (process != null) {
                process.close();
            }
        }
    }

    @Test
    void broadcastToEverySocketOfTwoNodes() throws Exception {
        awaitListed(2 * PER_NODE);
        String filler = "x".repeat(Math.max(0, SIZE - 16));
        List<String> rounds = new ArrayList<>();
        for (int round = 1; round <= WARMUP + ROUNDS; round++) {
            String name = Integer.toString(round);
            assertEquals("started", b.call("probeStart", Map.of("id", onA.someId), ""), "B's probe");
            String[] called = a.call("broadcastTimed", Map.of(), "bc|" + name + "|" + filler).split(" ");
            ClientFleet.Arrival arrivedA = onA.awaitArrived(name, ARRIVAL_TIMEOUT);
            ClientFleet.Arrival arrivedB = onB.awaitArrived(name, ARRIVAL_TIMEOUT);
            List<String> probe = List.of(b.call("probeStop", Map.of(), "").split("\n"));
            // Node A waits at most 2 s for B's count (LocalRuntime): a slower fan-out on B is not counted, yet delivered.
            int counted = Integer.parseInt(called[0]);
            assertTrue(counted == PER_NODE || counted == 2 * PER_NODE, "the broadcast counted " + counted + " sockets");
            assertEquals(PER_NODE, arrivedA.clients());
            assertEquals(PER_NODE, arrivedB.clients());
            String line = "counted " + counted + "; "
                    + round(Long.parseLong(called[1]), Long.parseLong(called[2]), arrivedA, arrivedB, probe);
            if (round > WARMUP) {
                rounds.add("round " + (round - WARMUP) + ": " + line);
            }
        }
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        List<String> report = new ArrayList<>(List.of(
                "broadcast to " + 2 * PER_NODE + " sockets on 2 nodes, " + Instant.now(),
                "setup: 2 nodes (embedded Tomcat 10.1.59, each its own JVM, " + System.getProperty("java.vm.name") + " "
                        + Runtime.version() + ", -Xms/-Xmx" + NODE_HEAP + " -XX:+UseSerialGC" + (NODE_OPTIONS.isBlank() ? ""
                        : " " + NODE_OPTIONS) + "), redis-server on 127.0.0.1, Lettuce 6.5.5; " + PER_NODE
                        + " JDK java.net.http.WebSocket clients per node, each node's in a JVM of its own (-Xmx" + FLEET_HEAP
                        + ", 4 HttpClients); shared-mode page; all on one machine with "
                        + Runtime.getRuntime().availableProcessors() + " cores, load average " + load,
                "opening the clients took " + onA.openMillis + " ms (A) and " + onB.openMillis + " ms (B), concurrently",
                "each round: CspWebSocket.broadcast(" + SIZE + " chars) on a servlet thread of node A; " + WARMUP
                        + " untimed rounds, then " + ROUNDS + "; ms from the call; B's probe: a remote status() (to A) 1 ms"
                        + " apart, and an openIds() on B after every 20th, the slowest of those that overlapped B's part of the broadcast"
                        + " (from the call until B's last client had it) against the median of those before the call"));
        report.addAll(rounds);
        for (String line : report) {
            System.out.println("[broadcast] " + line);
        }
        Files.createDirectories(WORK);
        Files.write(WORK.resolve("broadcast-scale.txt"), (String.join("\n", report) + "\n\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        // Undeploy after fan-outs to every socket: nothing of the binding (fan-out threads included) is left.
        for (NodeProcess node : new NodeProcess[] {b, a}) {
            assertEquals("threads= threadLocals=", node.stop(), "library threads or thread-locals left on " + node.nodeId);
        }
    }

    /** One round's line; fails if a probe call did not succeed. */
    private static String round(long start, long end, ClientFleet.Arrival onA, ClientFleet.Arrival onB, List<String> probe) {
        long windowEnd = onB.last();
        List<Long> statusBefore = new ArrayList<>();
        List<Long> openIdsBefore = new ArrayList<>();
        long statusDuring = -1;
        long openIdsDuring = -1;
        int during = 0;
        for (String sample : probe) {
            String[] fields = sample.split(" ");
            String kind = fields[0];
            if (!kind.equals("status") && !kind.equals("openIds")) {
                fail("B's probe call failed: " + sample);
            }
            long from = Long.parseLong(fields[1]);
            long micros = Long.parseLong(fields[2]);
            long to = from + micros * 1000;
            if (to < start) {
                (kind.equals("status") ? statusBefore : openIdsBefore).add(micros);
            } else if (from <= windowEnd) {
                during++;
                if (kind.equals("status")) {
                    statusDuring = Math.max(statusDuring, micros);
                } else {
                    openIdsDuring = Math.max(openIdsDuring, micros);
                }
            }
        }
        assertTrue(during > 0, "no probe call overlapped the broadcast");
        return "call on A returned after " + ms(end - start) + " ms; A's clients " + ms(onA.first() - start) + "-"
                + ms(onA.last() - start) + " ms; B's clients " + ms(onB.first() - start) + "-" + ms(onB.last() - start)
                + " ms; B's probe during it (" + during + " calls): status max " + ms(statusDuring * 1000) + " ms, openIds max "
                + (openIdsDuring < 0 ? "- (none ran)" : ms(openIdsDuring * 1000) + " ms") + "; before it: status median " + ms(median(statusBefore) * 1000)
                + " ms, openIds median " + ms(median(openIdsBefore) * 1000) + " ms";
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static void awaitListed(int ids) throws Exception {
        long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
        String listed = "";
        while (System.nanoTime() - deadline < 0) {
            listed = a.call("openIdsCount", Map.of(), "");
            if (Integer.parseInt(listed) == ids) {
                return;
            }
            Thread.sleep(100); // polling a condition with a deadline
        }
        fail("node A listed " + listed + " ids, not " + ids);
    }
}
