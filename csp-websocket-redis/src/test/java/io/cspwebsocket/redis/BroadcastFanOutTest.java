package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cspwebsocket.CspStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 5: another node's broadcast fans out on a fan-out thread, not on the Lettuce
 * event loop that delivered it. The receiving node's broadcast is held open here (a latch in the
 * fake local node, standing for a fan-out to many slow sockets) while the test checks that the
 * node's other Redis traffic still flows: the answer to its own cross-node write, an
 * {@code openIds}, another node's write to its socket. Before the change each of them waited
 * until the fan-out ended. Real redis-server.
 */
class BroadcastFanOutTest {

    private static final String PAGE = "test.Page";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Longer than any wait below: a held fan-out is always released by the test, never by this. */
    private static final long HOLD_LIMIT_SECONDS = 60;
    private static RedisServer redis;
    private final List<RedisCluster> started = new ArrayList<>();
    private final String prefix = "fanout" + System.nanoTime();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work"), "fan-out"));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeNodes() {
        release.countDown();
        for (RedisCluster cluster : started) {
            cluster.close();
        }
    }

    private RedisCluster node(String nodeId, FakeLocalNode local) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, redis.uri());
        parameters.put(RedisClusterParameters.NODE_ID, nodeId);
        parameters.put(RedisClusterParameters.KEY_PREFIX, prefix);
        RedisCluster cluster = (RedisCluster) new RedisClusterProvider().start(local.context(parameters));
        started.add(cluster);
        return cluster;
    }

    /** Makes {@code node}'s broadcasts wait for {@link #release}; the latch returned opens when one has started. */
    private CountDownLatch holdBroadcasts(FakeLocalNode node) {
        CountDownLatch fanningOut = new CountDownLatch(1);
        node.duringBroadcast = message -> {
            fanningOut.countDown();
            try {
                release.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return fanningOut;
    }

    @Test
    void aNodeFanningOutABroadcastStillGetsItsAnswers() throws Exception {
        FakeLocalNode aSockets = new FakeLocalNode();
        FakeLocalNode bSockets = new FakeLocalNode();
        RedisCluster a = node("A", aSockets);
        RedisCluster b = node("B", bSockets);
        String onA = "A~" + "a".repeat(22);
        String onB = "B~" + "b".repeat(22);
        aSockets.openSocket(onA, PAGE);
        a.opened(onA, PAGE);
        bSockets.openSocket(onB, PAGE);
        b.opened(onB, PAGE);
        CountDownLatch fanningOut = holdBroadcasts(bSockets);

        CompletableFuture<Integer> total = a.broadcast(PAGE, "to all", TIMEOUT).toCompletableFuture();
        assertTrue(fanningOut.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "B never started the broadcast");

        // B's fan-out is still running. B's own calls must not wait for it.
        CompletableFuture<CspStatus> write = b.write("A", onA, "from B", null, TIMEOUT).toCompletableFuture();
        try {
            assertEquals(CspStatus.OK, write.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            fail("B's write to A was not answered while B fanned out a broadcast: the answer waited behind the fan-out");
        }
        assertEquals(List.of("from B"), aSockets.writes.stream().map(FakeLocalNode.Written::text).toList());
        assertEquals(2, b.openIds(PAGE).size(), "B's openIds while it fans out");
        assertEquals(1, release.getCount(), "the fan-out was released before the checks");
        assertFalse(total.isDone(), "A's broadcast ended before B's fan-out did");
        String fanOutThread = bSockets.broadcastThreads.peek();
        assertTrue(fanOutThread != null && fanOutThread.startsWith("csp-redis-fanout B"),
                "B fanned the broadcast out on " + fanOutThread);

        release.countDown();
        assertEquals(1, total.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS), "A's broadcast counts B's socket");
        assertEquals(List.of("to all"), List.copyOf(bSockets.broadcasts));
    }

    @Test
    void aSendersRequestsKeepTheirOrderBehindItsBroadcastOthersDoNotWait() throws Exception {
        FakeLocalNode bSockets = new FakeLocalNode();
        RedisCluster a = node("A", new FakeLocalNode());
        RedisCluster b = node("B", bSockets);
        RedisCluster c = node("C", new FakeLocalNode());
        String onB = "B~" + "b".repeat(22);
        bSockets.openSocket(onB, PAGE);
        b.opened(onB, PAGE);
        CountDownLatch fanningOut = holdBroadcasts(bSockets);

        CompletableFuture<Integer> total = a.broadcast(PAGE, "broadcast from A", TIMEOUT).toCompletableFuture();
        assertTrue(fanningOut.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "B never started the broadcast");
        // A page on A broadcasts, then writes to one socket: the write must not overtake the broadcast.
        CompletableFuture<CspStatus> fromA = a.write("B", onB, "write from A", null, TIMEOUT).toCompletableFuture();
        await(() -> b.queuedRequests() == 1, "A's write to queue up behind A's broadcast on B");
        assertTrue(bSockets.writes.isEmpty(), "A's write overtook A's broadcast: " + bSockets.writes);
        // Another node's write is not held up by A's broadcast.
        assertEquals(CspStatus.OK, c.write("B", onB, "write from C", null, TIMEOUT).toCompletableFuture()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(List.of("write from C"), bSockets.writes.stream().map(FakeLocalNode.Written::text).toList());
        assertFalse(fromA.isDone(), "A's write was answered before it could run");

        release.countDown();
        assertEquals(CspStatus.OK, fromA.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(List.of("write from C", "write from A"),
                bSockets.writes.stream().map(FakeLocalNode.Written::text).toList());
        assertEquals(1, total.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        await(() -> b.queuedRequests() == 0, "B's lanes to empty");
    }

    @Test
    void closingStopsTheFanOutThreads() throws Exception {
        FakeLocalNode bSockets = new FakeLocalNode();
        RedisCluster a = node("A", new FakeLocalNode());
        RedisCluster b = node("B", bSockets);
        bSockets.openSocket("B~" + "b".repeat(22), PAGE);
        assertEquals(1, a.broadcast(PAGE, "one", TIMEOUT).toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(fanOutThreads("B") > 0, "no fan-out thread ran B's broadcast");
        b.close();
        await(() -> fanOutThreads("B") == 0, "B's fan-out threads to end after close");
    }

    private static long fanOutThreads(String nodeId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("csp-redis-fanout " + nodeId + "-"))
                .count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + TIMEOUT.toMillis() + " ms for " + what);
            }
            Thread.sleep(10); // polling a condition with a deadline
        }
    }
}
