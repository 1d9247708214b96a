package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures {@code openIds} of the binding with 20,000 sockets over two nodes (issue 17, defect 5:
 * target p99 ≤ 20 ms). The sockets are a fake local node's entries (10,000 per node), so this
 * measures the binding and Redis, not the adapter or real WebSockets. Prints the figures; asserts
 * only that every id is listed.
 */
class OpenIdsScaleIT {

    private static final int PER_NODE = 10_000;
    private static final int WARM_UP = 30;
    private static final int CALLS = 300;
    private static final String PAGE = "test.Page";
    private static RedisServer redis;
    private static final List<RedisCluster> NODES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work"), "open-ids-scale"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (RedisCluster node : NODES) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static RedisCluster node(String nodeId, FakeLocalNode local) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, redis.uri());
        parameters.put(RedisClusterParameters.NODE_ID, nodeId);
        parameters.put(RedisClusterParameters.KEY_PREFIX, "scale");
        RedisCluster cluster = (RedisCluster) new RedisClusterProvider().start(local.context(parameters));
        NODES.add(cluster);
        return cluster;
    }

    @Test
    void openIdsWith20000SocketsOverTwoNodes() throws Exception {
        FakeLocalNode aSockets = new FakeLocalNode();
        FakeLocalNode bSockets = new FakeLocalNode();
        RedisCluster a = node("A", aSockets);
        RedisCluster b = node("B", bSockets);
        long opening = System.nanoTime();
        for (int i = 0; i < PER_NODE; i++) {
            String idA = String.format("A~%022d", i);
            String idB = String.format("B~%022d", i);
            aSockets.openSocket(idA, PAGE);
            a.opened(idA, PAGE);
            bSockets.openSocket(idB, PAGE);
            b.opened(idB, PAGE);
        }
        long openMillis = (System.nanoTime() - opening) / 1_000_000;
        assertEquals(2 * PER_NODE, a.openIds(PAGE).size());
        for (int i = 0; i < WARM_UP; i++) {
            a.openIds(PAGE);
        }
        report("steady (no socket opened or closed between calls)", a, () -> { });
        int[] next = {PER_NODE};
        report("churn (B closes a socket and opens one before each call)", a, () -> {
            String closing = String.format("B~%022d", next[0] - PER_NODE);
            bSockets.open.remove(closing);
            b.closed(closing, PAGE);
            String opened = String.format("B~%022d", next[0]++);
            bSockets.openSocket(opened, PAGE);
            b.opened(opened, PAGE);
        });
        System.out.println("[OpenIdsScaleIT] opening the " + 2 * PER_NODE + " sockets took " + openMillis + " ms");
    }

    private static void report(String what, RedisCluster a, Runnable beforeEachCall) throws Exception {
        redis.command("CONFIG", "RESETSTAT");
        long[] micros = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            beforeEachCall.run();
            long start = System.nanoTime();
            int size = a.openIds(PAGE).size();
            micros[i] = (System.nanoTime() - start) / 1000;
            assertEquals(2 * PER_NODE, size);
        }
        Arrays.sort(micros);
        String serverSide = Arrays.stream(redis.bulk("INFO", "commandstats").split("\\r?\\n"))
                // Commands a script runs count too: each openIds runs SMEMBERS on the owners in the script.
                .filter(line -> line.startsWith("cmdstat_eval") || line.startsWith("cmdstat_smembers"))
                .map(line -> line.replaceAll(",rejected_calls.*", ""))
                .collect(java.util.stream.Collectors.joining("; "));
        System.out.println("[OpenIdsScaleIT] " + 2 * PER_NODE + " sockets on 2 nodes, openIds on one node, " + what + ", "
                + CALLS + " calls: p50=" + pct(micros, 50) + " us p90=" + pct(micros, 90) + " us p99=" + pct(micros, 99)
                + " us max=" + micros[CALLS - 1] + " us; in Redis: " + serverSide);
    }

    private static long pct(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
