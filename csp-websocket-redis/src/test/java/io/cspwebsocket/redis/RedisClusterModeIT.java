package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Timeout;

/**
 * Redis Cluster (issue 17, item 7): two real nodes (one JVM each) on a real three-master Redis
 * Cluster, configured with one node's {@code redis://} URI. The binding finds the cluster by itself
 * and speaks sharded pub/sub ({@code SSUBSCRIBE}/{@code SPUBLISH}) with every key and channel under
 * one hash tag, so each script touches one slot (Redis refuses a script that touches a key of
 * another node). SPEC §12 across the nodes: openIds, remote writes, broadcast, endServer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisClusterModeIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path WORK = Path.of(System.getProperty("redis.workDir", "target/it-work"), "redis-cluster-it");

    private static RedisClusterGroup cluster;
    private static final List<NodeProcess> NODES = new ArrayList<>();
    private static final List<WsClient> CLIENTS = new ArrayList<>();
    private static NodeProcess a;
    private static NodeProcess b;
    private static WsClient a1;
    private static WsClient a2;
    private static WsClient b1;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisClusterGroup.start(WORK);
        try {
            for (String id : List.of("A", "B")) {
                NODES.add(NodeProcess.launch(id, cluster.uri(), "5s", "3s", WORK));
            }
            for (NodeProcess node : NODES) {
                node.awaitReady();
            }
            a = NODES.get(0);
            b = NODES.get(1);
            a1 = client(a);
            a2 = client(a);
            b1 = client(b);
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    private static WsClient client(NodeProcess node) throws Exception {
        WsClient client = WsClient.connect(node.page());
        CLIENTS.add(client);
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
    @Order(1)
    void theNodesSubscribeWithShardedPubSubUnderOneHashTag() throws Exception {
        List<String> sharded = cluster.shardChannels();
        assertTrue(sharded.containsAll(List.of("{csp}:node:A", "{csp}:node:B", "{csp}:all")), sharded.toString());
        assertEquals(List.of(), cluster.classicChannels(), "no classic subscription");
    }

    @Test
    @Order(2)
    void openIdsListsTheIdsOfBothNodes() throws Exception {
        Set<String> all = new TreeSet<>(List.of(a1.id, a2.id, b1.id));
        for (NodeProcess node : NODES) {
            assertEquals(all, new TreeSet<>(List.of(node.call("openIds", Map.of(), "").split("\n"))), "on " + node.nodeId);
        }
    }

    @Test
    @Order(3)
    void writesAndBroadcastsReachSocketsOnTheOtherNode() throws Exception {
        assertEquals("0 OK", a.call("write", Map.of("id", b1.id), "A to B"));
        assertEquals("T:A to B", b1.next(WAIT));
        assertEquals("0 OK", b.call("write", Map.of("id", a2.id), "B to A"));
        assertEquals("T:B to A", a2.next(WAIT));
        assertEquals("3", b.call("broadcast", Map.of(), "to all"));
        for (WsClient client : CLIENTS) {
            assertEquals("T:to all", client.next(WAIT), client.id);
        }
        for (WsClient client : CLIENTS) {
            assertNull(client.next(Duration.ofMillis(300)), "a second message on " + client.id);
        }
    }

    @Test
    @Order(4)
    void endServerAcrossNodesThen7951() throws Exception {
        assertEquals("0 OK", a.call("end", b1.id));
        assertEquals(1000, b1.closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(a.call("write", Map.of("id", b1.id), "late").startsWith("7951 "));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (a.call("openIds", Map.of(), "").contains(b1.id)) {
            assertFalse(System.nanoTime() > deadline, "the closed id is still listed");
            Thread.sleep(50);
        }
        assertEquals("2", a.call("broadcast", Map.of(), "fewer"));
    }
}
