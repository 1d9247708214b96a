package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking remote write's answer completes its future where it arrives, not after a hand-off to
 * the binding's callback threads (BENCHMARKS.md, cross-node profile: one wake-up of nine, the only
 * one the binding adds itself). Nothing but the waiting thread depends on that future
 * ({@code CspCluster.writeAndWait}); {@code write}, whose future callers may chain onto, still
 * completes on a callback thread, never on Lettuce's event loop.
 */
class AwaitedWriteTest {

    private static final String PAGE = "test.Page";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String CALLBACK_THREAD = "csp-redis-callback";
    private RedisServer redis;
    private final List<CspCluster> started = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work"), "awaited-write"));
    }

    @AfterEach
    void stop() throws Exception {
        for (CspCluster cluster : started) {
            cluster.close();
        }
        redis.close();
    }

    private RedisCluster node(String nodeId, FakeLocalNode local) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, redis.uri());
        parameters.put(RedisClusterParameters.NODE_ID, nodeId);
        RedisCluster cluster = (RedisCluster) new RedisClusterProvider().start(local.context(parameters));
        started.add(cluster);
        return cluster;
    }

    @Test
    void aBlockingWritesAnswerCompletesWhereItArrivesAndAnAsynchronousOneOnACallbackThread() throws Exception {
        RedisCluster a = node("A", new FakeLocalNode());
        FakeLocalNode b = new FakeLocalNode();
        node("B", b);
        String id = "B~" + "w".repeat(22);
        b.openSocket(id, PAGE);

        assertEquals(CallbackThread.OK, completingThread(a, b, id, true));
        assertEquals(CallbackThread.CALLBACK, completingThread(a, b, id, false));
    }

    private enum CallbackThread { OK, CALLBACK }

    /**
     * Holds B's answer until a dependent action is attached to A's future, so that the action runs
     * on the thread that completes the future, then tells which kind of thread that was.
     */
    private static CallbackThread completingThread(RedisCluster a, FakeLocalNode b, String id, boolean awaited)
            throws Exception {
        CompletableFuture<CspStatus> held = new CompletableFuture<>();
        b.writeAnswer = written -> held;
        CompletableFuture<CspStatus> answer = (awaited ? a.writeAndWait("B", id, "x", null, TIMEOUT)
                : a.write("B", id, "x", null, TIMEOUT)).toCompletableFuture();
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<CspStatus> observed = answer.whenComplete((status, failure) ->
                thread.set(Thread.currentThread().getName()));
        assertNotNull(b.writes.poll(5, TimeUnit.SECONDS), "B never got the write");
        assertFalse(answer.isDone(), "answered before B did");
        held.complete(CspStatus.OK);
        assertEquals(CspStatus.OK, observed.get(10, TimeUnit.SECONDS));
        return thread.get().startsWith(CALLBACK_THREAD) ? CallbackThread.CALLBACK : CallbackThread.OK;
    }
}
