package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 5: a caller's continuation of a remote {@code writeAsync} may block on another
 * remote call (as {@code handle.write} inside {@code thenAccept} does). Futures complete on the
 * binding's callback threads; with a fixed pair of them, two such continuations held both and the
 * answers to their own calls could not be delivered until a timeout. Real redis-server.
 */
class BlockingContinuationTest {

    private static final String PAGE = "test.Page";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int CONTINUATIONS = 6;
    private static RedisServer redis;
    private final List<CspCluster> started = new ArrayList<>();
    private final String prefix = "cont" + System.nanoTime();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work"), "continuations"));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeNodes() {
        later.shutdownNow();
        for (CspCluster cluster : started) {
            cluster.close();
        }
    }

    private CspCluster node(String nodeId, FakeLocalNode local) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, redis.uri());
        parameters.put(RedisClusterParameters.NODE_ID, nodeId);
        parameters.put(RedisClusterParameters.KEY_PREFIX, prefix);
        CspCluster cluster = new RedisClusterProvider().start(local.context(parameters));
        started.add(cluster);
        return cluster;
    }

    @Test
    void continuationsThatBlockOnAnotherRemoteCallDoNotWaitOutTheTimeout() throws Exception {
        CspCluster a = node("A", new FakeLocalNode());
        FakeLocalNode b = new FakeLocalNode();
        node("B", b);
        String id = "B~" + "k".repeat(22);
        b.openSocket(id, PAGE);
        // B answers a little later, so that each continuation runs on a thread that completes a future.
        b.writeAnswer = written -> {
            CompletableFuture<CspStatus> sent = new CompletableFuture<>();
            later.schedule(() -> sent.complete(CspStatus.OK), 100, TimeUnit.MILLISECONDS);
            return sent;
        };
        long start = System.nanoTime();
        List<CompletableFuture<CspStatus>> chains = new ArrayList<>();
        for (int i = 0; i < CONTINUATIONS; i++) {
            chains.add(a.write("B", id, "first " + i, null, TIMEOUT).toCompletableFuture()
                    .thenApply(first -> a.write("B", id, "second", null, TIMEOUT).toCompletableFuture().join()));
        }
        for (CompletableFuture<CspStatus> chain : chains) {
            assertEquals(CspStatus.OK, chain.get(TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < TIMEOUT.toMillis(), "the continuations waited " + millis + " ms");
    }
}
