package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SPEC §12 across three real nodes, each an embedded Tomcat 10.1 in its own JVM with the adapter
 * and this binding, on one real redis-server; JDK WebSocket clients spread over the nodes. Page
 * code is unchanged: the control servlet calls {@code CspWebSocket.openServer(id)},
 * {@code openIds} and {@code broadcast}. The tests run in order: the last ones kill a node, restart
 * Redis and stop a node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    /** Short, so that a dead node's ids must leave {@code openIds} quickly. */
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path WORK = Path.of(System.getProperty("redis.workDir", "target/it-work"), "cluster-it");

    private static RedisServer redis;
    private static final List<NodeProcess> NODES = new ArrayList<>();
    private static final List<WsClient> CLIENTS = new ArrayList<>();
    private static NodeProcess a;
    private static NodeProcess b;
    private static NodeProcess c;
    private static WsClient a1;
    private static WsClient a2;
    private static WsClient b1;
    private static WsClient c1;
    private static WsClient c2;

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServer.start(WORK);
        try {
            for (String id : List.of("A", "B", "C")) {
                NODES.add(NodeProcess.launch(id, redis.uri(), LEASE.toMillis() + "ms", SEND_TIMEOUT.toMillis() + "ms", WORK));
            }
            for (NodeProcess node : NODES) {
                node.awaitReady();
            }
            a = NODES.get(0);
            b = NODES.get(1);
            c = NODES.get(2);
            a1 = client(a);
            a2 = client(a);
            b1 = client(b);
            c1 = client(c);
            c2 = client(c);
        } catch (Exception | Error e) {
            stopCluster();
            throw e;
        }
    }

    private static WsClient client(NodeProcess node) throws Exception {
        WsClient client = WsClient.connect(node.page());
        CLIENTS.add(client);
        assertTrue(client.id.startsWith(node.nodeId + "~"), client.id);
        return client;
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

    private static Set<String> openIds(NodeProcess node) throws Exception {
        String answer = node.call("openIds", Map.of(), "");
        return answer.isEmpty() ? Set.of() : new TreeSet<>(List.of(answer.split("\n")));
    }

    private static Set<String> ids(WsClient... clients) {
        Set<String> ids = new TreeSet<>();
        for (WsClient client : clients) {
            ids.add(client.id);
        }
        return ids;
    }

    private static void eventually(String what, Duration within, Check check) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + " did not happen within " + within, last);
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void assertReceivedOnce(String expected, WsClient... clients) throws Exception {
        for (WsClient client : clients) {
            assertEquals(expected, client.next(WAIT), "on " + client.id);
        }
        for (WsClient client : clients) {
            assertNull(client.next(Duration.ofMillis(300)), "a second message on " + client.id);
        }
    }

    @Test
    @Order(1)
    void openIdsListsTheIdsOfEveryNode() throws Exception {
        Set<String> all = ids(a1, a2, b1, c1, c2);
        for (NodeProcess node : NODES) {
            eventually("every id listed on " + node.nodeId, WAIT, () -> assertEquals(all, openIds(node)));
        }
    }

    @Test
    @Order(2)
    void aBroadcastFromAnyNodeReachesEverySocketOnce() throws Exception {
        for (NodeProcess node : NODES) {
            String message = "broadcast from " + node.nodeId + "\nline two ✓ 😀";
            assertEquals("5", node.call("broadcast", Map.of(), message));
            assertReceivedOnce("T:" + message, a1, a2, b1, c1, c2);
        }
    }

    @Test
    @Order(3)
    void aWriteToASocketOnAnotherNodeArrivesAndReturnsOk() throws Exception {
        String text = "from A to C:\r\n\ttabs, newlines, 日本語, emoji 😀, NUL \u0000 end";
        assertEquals("0 OK", a.call("write", Map.of("id", c1.id), text));
        assertReceivedOnce("T:" + text, c1);
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7 + i / 256);
        }
        String base64 = Base64.getEncoder().encodeToString(bytes);
        assertEquals("0 OK", b.call("writeBinary", Map.of("id", a2.id), base64));
        assertReceivedOnce("B:" + base64, a2);
        assertEquals("0 OK", c.call("write", Map.of("id", b1.id), "C to B"));
        assertReceivedOnce("T:C to B", b1);
    }

    @Test
    @Order(4)
    void statusesOfRemoteMalformedAndUnknownIds() throws Exception {
        assertEquals("0 OK", a.call("status", c1.id));
        assertTrue(a.call("status", "C~short").startsWith("5001 "), "a malformed id is 5001");
        assertTrue(a.call("write", Map.of("id", "not an id"), "x").startsWith("5001 "));
        String unknownOnB = "B~" + "A".repeat(22);
        assertTrue(a.call("status", unknownOnB).startsWith("7951 "), "B says it has no such socket");
        assertTrue(a.call("write", Map.of("id", unknownOnB), "x").startsWith("7951 "));
    }

    @Test
    @Order(5)
    void endServerAcrossNodesClosesWith1000ThenAnswers7951() throws Exception {
        assertEquals("0 OK", a.call("end", c2.id));
        assertEquals(1000, c2.closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(a.call("end", c2.id).startsWith("7951 "));
        assertTrue(b.call("status", c2.id).startsWith("7951 "), "the status of a closed remote id");
        assertTrue(b.call("write", Map.of("id", c2.id), "late").startsWith("7951 "));
        Set<String> open = ids(a1, a2, b1, c1);
        for (NodeProcess node : NODES) {
            eventually("the closed id delisted on " + node.nodeId, WAIT, () -> assertEquals(open, openIds(node)));
        }
    }

    @Test
    @Order(6)
    void aKilledNodesIdsLeaveOpenIdsWithinTheLeaseAndThenAnswer7951AtOnce() throws Exception {
        c.kill();
        long killed = System.nanoTime();
        Set<String> open = ids(a1, a2, b1);
        eventually("C's ids dropped on A", WAIT, () -> assertEquals(open, openIds(a)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        System.out.println("[ClusterIT] a killed node's ids left openIds after " + millis + " ms (lease " + LEASE.toMillis() + " ms)");
        // The lease was renewed at most a third of it before the kill; allow polling and a loaded machine.
        assertTrue(millis <= LEASE.toMillis() + 1500, "took " + millis + " ms");
        assertEquals(open, openIds(b));

        long start = System.nanoTime();
        String status = a.call("write", Map.of("id", c1.id), "to a dead node");
        long writeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Its lease has expired: its ids are closed for good (SPEC §6.2), not a transient failure.
        assertTrue(status.startsWith("7951 "), status);
        assertTrue(writeMillis < SEND_TIMEOUT.toMillis(), "answered after " + writeMillis + " ms");
    }

    @Test
    @Order(7)
    void afterRedisRestartsNodesReconnectReRegisterAndWorkAgain() throws Exception {
        redis.kill();
        // While Redis is away a node still serves its own sockets.
        assertTrue(a.call("write", Map.of("id", b1.id), "no Redis").startsWith("5001 "));
        assertEquals(ids(a1, a2), openIds(a), "without Redis, openIds lists this node's sockets");
        assertEquals("0 OK", a.call("write", Map.of("id", a1.id), "local without Redis"));
        assertReceivedOnce("T:local without Redis", a1);
        redis.restart();
        long restarted = System.nanoTime();
        Set<String> open = ids(a1, a2, b1);
        eventually("nodes listed again on A", WAIT, () -> assertEquals(open, openIds(a)));
        eventually("nodes listed again on B", WAIT, () -> assertEquals(open, openIds(b)));
        eventually("B reachable from A", WAIT, () -> assertEquals("0 OK", a.call("status", b1.id)));
        eventually("A reachable from B", WAIT, () -> assertEquals("0 OK", b.call("status", a1.id)));
        System.out.println("[ClusterIT] after a Redis restart, nodes were back after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted) + " ms");
        assertEquals("3", b.call("broadcast", Map.of(), "after the restart"));
        assertReceivedOnce("T:after the restart", a1, a2, b1);
        assertEquals("0 OK", b.call("write", Map.of("id", a2.id), "B to A again"));
        assertReceivedOnce("T:B to A again", a2);
    }

    @Test
    @Order(8)
    void aStoppedNodeLeavesNoThreadAndItsIdsAreClosedForGood() throws Exception {
        for (NodeProcess node : List.of(a, b)) {
            assertEquals("", node.call("threadLocals", Map.of(), ""),
                    "Netty or library thread-locals on threads the binding does not own, on " + node.nodeId);
        }
        String left = b.stop();
        assertEquals("threads= threadLocals=", left, "library threads or thread-locals left after undeploy");
        assertEquals(1001, b1.closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(ids(a1, a2), openIds(a));
        assertTrue(a.call("write", Map.of("id", b1.id), "to a node that left").startsWith("7951 "),
                "a node that left cleanly has closed its sockets for good");
        assertEquals("2", a.call("broadcast", Map.of(), "alone"));
        assertReceivedOnce("T:alone", a1, a2);
    }
}
