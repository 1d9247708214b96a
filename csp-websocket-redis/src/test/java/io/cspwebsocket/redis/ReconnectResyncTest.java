package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spi.CspCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that reconnects lists its open sockets again, although its lease is still there: the
 * server it reached may be a replica promoted by Sentinel without the node's last registrations
 * (SentinelIT). Played on one real redis-server: the node's entries are deleted behind its back,
 * then its connections are cut with {@code CLIENT KILL}.
 */
class ReconnectResyncTest {

    private static final String PAGE = "test.Page";
    private static RedisServer redis;
    private final List<CspCluster> started = new ArrayList<>();
    private final String prefix = "resync" + System.nanoTime();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work"), "reconnect-resync"));
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeNodes() {
        for (CspCluster cluster : started) {
            cluster.close();
        }
    }

    private RedisCluster node(String nodeId, FakeLocalNode local) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, redis.uri());
        parameters.put(RedisClusterParameters.NODE_ID, nodeId);
        parameters.put(RedisClusterParameters.LEASE, "30s"); // no renewal of its own within the test
        parameters.put(RedisClusterParameters.KEY_PREFIX, prefix);
        RedisCluster cluster = (RedisCluster) new RedisClusterProvider().start(local.context(parameters));
        started.add(cluster);
        return cluster;
    }

    @Test
    void aReconnectedNodeListsItsSocketsAgain() throws Exception {
        RedisCluster a = node("A", new FakeLocalNode());
        FakeLocalNode bSockets = new FakeLocalNode();
        RedisCluster b = node("B", bSockets);
        String id = "B~" + "r".repeat(22);
        bSockets.openSocket(id, PAGE);
        b.opened(id, PAGE);
        assertTrue(a.openIds(PAGE).contains(id));

        // What a promoted replica that missed the last writes looks like: B's entries are gone.
        for (String key : keys(prefix + ":id*")) {
            redis.command("DEL", key);
        }
        assertFalse(a.openIds(PAGE).contains(id), "the entries were deleted");
        killConnectionsOf("B");

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!a.openIds(PAGE).contains(id)) {
            assertTrue(System.nanoTime() < deadline, "B did not list its socket again within 5 s of reconnecting");
            Thread.sleep(50);
        }
    }

    private static List<String> keys(String pattern) throws IOException {
        List<String> lines = redis.commandLines(1, "KEYS", pattern);
        int count = Integer.parseInt(lines.get(0).substring(1));
        List<String> reply = redis.commandLines(1 + 2 * count, "KEYS", pattern);
        List<String> keys = new ArrayList<>();
        for (int i = 2; i < reply.size(); i += 2) {
            keys.add(reply.get(i));
        }
        return keys;
    }

    /** Lettuce names every connection of a node {@code csp-websocket-<node>}. */
    private static void killConnectionsOf(String nodeId) throws IOException {
        for (String client : redis.bulk("CLIENT", "LIST").split("\n")) {
            if (client.contains(" name=csp-websocket-" + nodeId + " ")) {
                String clientId = client.substring(client.indexOf("id=") + 3, client.indexOf(' '));
                redis.command("CLIENT", "KILL", "ID", clientId);
            }
        }
    }
}
