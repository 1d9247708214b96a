package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call that fails on Redis is reported "not delivered" only when it was not (README: "Redis is
 * unreachable" may be retried). Against a real redis-server of its own, paused with SIGSTOP: the
 * request's command times out, yet Redis runs it once it resumes, so the status must say the
 * outcome is unknown. FaultIT found a message written twice when the load retried it.
 */
class PausedRedisTest {

    private static final String PAGE = "test.Page";
    /** FakeLocalNode's send timeout: also the command timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private RedisServer redis;
    private final List<CspCluster> started = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work"), "paused-redis"));
    }

    @AfterEach
    void stop() throws Exception {
        for (CspCluster cluster : started) {
            cluster.close(); // while Redis runs: each step of a clean leave waits for it
        }
        redis.close();
    }

    private RedisCluster node(String nodeId, FakeLocalNode local) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, redis.uri());
        parameters.put(RedisClusterParameters.NODE_ID, nodeId);
        parameters.put(RedisClusterParameters.LEASE, "30s"); // longer than the pause: nobody is fenced
        RedisCluster cluster = (RedisCluster) new RedisClusterProvider().start(local.context(parameters));
        started.add(cluster);
        return cluster;
    }

    @Test
    void aRequestThatTimedOutOnAPausedRedisIsNotReportedUndelivered() throws Exception {
        RedisCluster a = node("A", new FakeLocalNode());
        FakeLocalNode b = new FakeLocalNode();
        node("B", b);
        String id = "B~" + "p".repeat(22);
        b.openSocket(id, PAGE);
        assertEquals(CspStatus.OK, a.writeAndWait("B", id, "before", null, TIMEOUT).toCompletableFuture()
                .get(10, TimeUnit.SECONDS));
        assertEquals("before", b.writes.poll(5, TimeUnit.SECONDS).text());

        redis.pause();
        CspStatus status;
        try {
            // A blocking write waits the timeout plus 0.5 s: Redis's command timeout ends it first.
            CompletableFuture<CspStatus> call = a.writeAndWait("B", id, "during the pause", null, TIMEOUT)
                    .toCompletableFuture();
            status = call.get(TIMEOUT.toMillis() + 3000, TimeUnit.MILLISECONDS);
        } finally {
            redis.resume();
        }
        FakeLocalNode.Written late = b.writes.poll(10, TimeUnit.SECONDS);
        assertEquals("during the pause", late == null ? null : late.text(), "Redis ran the request once resumed");
        assertEquals(5001, status.code(), status.toString());
        assertFalse(status.message().startsWith("Redis is unreachable") || status.message().contains("is not connected"),
                "the request was delivered, yet its status says it was not (README: a retry cannot double it): " + status);
        assertTrue(status.message().contains("may still be delivered"), status.toString());
    }

    @Test
    void aRequestRefusedWhileRedisIsDownIsReportedUndelivered() throws Exception {
        RedisCluster a = node("A", new FakeLocalNode());
        FakeLocalNode b = new FakeLocalNode();
        node("B", b);
        String id = "B~" + "d".repeat(22);
        b.openSocket(id, PAGE);
        redis.kill();
        CspStatus status = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) { // until Lettuce has noticed the connection is gone
            status = a.write("B", id, "refused", null, TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (status.message().startsWith("Redis is unreachable")) {
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(status.message().startsWith("Redis is unreachable"), String.valueOf(status));
        redis.restart();
        assertNull(b.writes.poll(2, TimeUnit.SECONDS), "a request reported undelivered was written");
    }

    /**
     * The binding says whether it is connected, for health checks (CspCluster.isConnected): false
     * once Redis is gone, true again once the binding has reconnected, false after close.
     */
    @Test
    void isConnectedFollowsTheConnectionsToRedis() throws Exception {
        RedisCluster a = node("A", new FakeLocalNode());
        assertTrue(a.isConnected(), "a started binding is connected");
        redis.kill();
        assertTrue(becomes(a::isConnected, false, 10), "still connected 10 s after Redis was killed");
        redis.restart();
        assertTrue(becomes(a::isConnected, true, 30), "not connected 30 s after Redis came back");
        a.close();
        assertFalse(a.isConnected(), "a closed binding is not connected");
    }

    private static boolean becomes(java.util.function.BooleanSupplier value, boolean expected, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (value.getAsBoolean() != expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
