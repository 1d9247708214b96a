package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Redis Cluster failover under load (issue 17, item 7): three masters with a replica each, all
 * real processes; two real nodes (one JVM each) broadcast and write to each other's sockets while
 * the master of the application's slot (its keys and shard channels carry one hash tag) is killed
 * with SIGKILL and its replica takes over. Every call returns within the send timeout with a status
 * README documents, every write that returned OK reached its socket, no client receives a message
 * twice, and afterwards no node is stuck: both list both sockets, reach each other's, and count
 * each other's in a broadcast (so both subscribed again on the new master).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RedisClusterFailoverIT {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(3);
    private static final long CALL_BOUND_MILLIS = SEND_TIMEOUT.toMillis() + 1500;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path WORK = Path.of(System.getProperty("redis.workDir", "target/it-work"), "redis-cluster-failover-it");

    private static RedisClusterGroup cluster;
    private static final List<NodeProcess> NODES = new ArrayList<>();
    private static final List<WsClient> CLIENTS = new ArrayList<>();
    private static final Map<WsClient, Set<String>> SEEN = new java.util.HashMap<>();
    private static NodeProcess a;
    private static NodeProcess b;
    private static WsClient a1;
    private static WsClient b1;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisClusterGroup.start(WORK, 1);
        try {
            for (String id : List.of("A", "B")) {
                NODES.add(NodeProcess.launch(id, cluster.uri(), LEASE.toMillis() + "ms", SEND_TIMEOUT.toMillis() + "ms", WORK));
            }
            for (NodeProcess node : NODES) {
                node.awaitReady();
            }
            a = NODES.get(0);
            b = NODES.get(1);
            a1 = client(a);
            b1 = client(b);
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    private static WsClient client(NodeProcess node) throws Exception {
        WsClient client = WsClient.connect(node.page());
        CLIENTS.add(client);
        SEEN.put(client, new HashSet<>());
        return client;
    }

    @AfterAll
    static void stop() throws Exception {
        for (WsClient client : CLIENTS) {
            client.abort();
        }
        for (NodeProcess node : NODES) {
            node.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theMasterOfTheApplicationsSlotKilledUnderLoad() throws Exception {
        RedisServer master = cluster.masterOf("{csp}");
        long millis = 12_000;
        CompletableFuture<String> fromA = load(a, "kill" + "A", millis, b1.id);
        CompletableFuture<String> fromB = load(b, "kill" + "B", millis, a1.id);
        Thread.sleep(1000);
        long start = System.nanoTime();
        master.kill();
        long deadline = System.nanoTime() + WAIT.toNanos();
        RedisServer promoted = null;
        while (System.nanoTime() < deadline) {
            try {
                promoted = cluster.masterOf("{csp}");
                if (promoted != master) {
                    break;
                }
            } catch (AssertionError e) {
                // the slot has no master for a moment
            }
            Thread.sleep(100);
        }
        assertNotEquals(master, promoted, "no replica took over within " + WAIT);
        System.out.println("[RedisClusterFailoverIT] master " + master.port() + " -> " + promoted.port() + " after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        List<String> acknowledged = new ArrayList<>();
        for (CompletableFuture<String> load : List.of(fromA, fromB)) {
            LoadAnswer answer = LoadAnswer.parse(load.get(millis + 30_000, TimeUnit.MILLISECONDS));
            System.out.println("[RedisClusterFailoverIT] " + answer.summary());
            answer.assertBounded(CALL_BOUND_MILLIS, Set.of(0, 5001));
            acknowledged.addAll(answer.acknowledged());
        }
        Thread.sleep(1500);
        drain();
        for (String message : acknowledged) {
            WsClient client = message.endsWith(a1.id) ? a1 : b1;
            assertTrue(SEEN.get(client).contains("T:" + message), "acknowledged but not received: " + message);
        }
        for (WsClient client : CLIENTS) {
            assertFalse(client.closeCode.isDone(), "socket " + client.id + " closed: " + client.closeCode.getNow(null));
        }
        noNodeStuck();
    }

    private static void noNodeStuck() throws Exception {
        Set<String> all = new TreeSet<>(List.of(a1.id, b1.id));
        for (NodeProcess node : NODES) {
            eventually("both ids listed on " + node.nodeId, () ->
                    assertEquals(all, new TreeSet<>(List.of(node.call("openIds", Map.of(), "").split("\n")))));
            eventually("a broadcast from " + node.nodeId + " counted by both", () ->
                    assertEquals("2", node.call("broadcast", Map.of(), "probe")));
            for (WsClient client : CLIENTS) {
                String write = "write|" + node.nodeId + "|" + System.nanoTime();
                eventually(node.nodeId + " writes to " + client.id, () ->
                        assertEquals("0 OK", node.call("write", Map.of("id", client.id), write)));
                expectOnce(client, "T:" + write);
            }
        }
    }

    private static CompletableFuture<String> load(NodeProcess node, String tag, long millis, String targets) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return node.call("load", Map.of("tag", tag, "millis", Long.toString(millis), "targets", targets), "");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void drain() {
        for (WsClient client : CLIENTS) {
            List<String> twice = new ArrayList<>();
            for (String message = client.received.poll(); message != null; message = client.received.poll()) {
                if (!SEEN.get(client).add(message)) {
                    twice.add(message);
                }
            }
            if (!twice.isEmpty()) {
                fail("client " + client.id + " received " + twice.size() + " messages twice, e.g. "
                        + twice.subList(0, Math.min(5, twice.size())));
            }
        }
    }

    private static void expectOnce(WsClient client, String expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String message = client.next(Duration.ofMillis(200));
            if (message == null) {
                continue;
            }
            assertTrue(SEEN.get(client).add(message) || message.equals("T:probe"), "twice on " + client.id + ": " + message);
            if (message.equals(expected)) {
                return;
            }
        }
        fail(client.id + " did not receive " + expected + " within " + WAIT);
    }

    private static void eventually(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " did not happen within " + WAIT, last);
    }

    private interface Check {
        void run() throws Exception;
    }
}
