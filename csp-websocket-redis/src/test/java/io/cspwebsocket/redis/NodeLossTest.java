package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Node loss (SPEC §6.2, §12): a crashed node's ids answer 7951 once its lease has expired and
 * leave {@code openIds}; a node with the same id starts again although Redis still counts the
 * crashed process's subscription. A crash is {@link RedisCluster#halt()}: no renewal, no answer,
 * no clean-up, connections kept open (so Redis still counts the subscription, as it does for a
 * killed process until its {@code tcp-keepalive}). Real redis-server.
 */
class NodeLossTest {

    private static final String LEASE = "1s";
    private static final Duration LEASE_TIME = Duration.ofSeconds(1);
    private static final String PAGE = "test.Page";
    private static RedisServer redis;
    private final List<CspCluster> started = new ArrayList<>();
    private final String prefix = "loss" + System.nanoTime();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work"), "node-loss"));
    }

    @AfterAll
    static void stopRedis() throws Exception {
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
        parameters.put(RedisClusterParameters.LEASE, LEASE);
        parameters.put(RedisClusterParameters.KEY_PREFIX, prefix);
        RedisCluster cluster = (RedisCluster) new RedisClusterProvider().start(local.context(parameters));
        started.add(cluster);
        return cluster;
    }

    private static CspStatus status(CspCluster from, String node, String id, Duration timeout) throws Exception {
        return from.status(node, id, timeout).toCompletableFuture().get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
    }

    private static CspStatus write(CspCluster from, String node, String id) throws Exception {
        return from.write(node, id, "x", null, Duration.ofSeconds(5)).toCompletableFuture().get(7, TimeUnit.SECONDS);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    @Test
    void aCrashedNodesIdsAnswer7951OnceItsLeaseHasExpiredAndLeaveOpenIds() throws Exception {
        RedisCluster a = node("A", new FakeLocalNode());
        FakeLocalNode bSockets = new FakeLocalNode();
        RedisCluster b = node("B", bSockets);
        String b1 = "B~" + "c".repeat(22);
        bSockets.openSocket(b1, PAGE);
        b.opened(b1, PAGE);
        eventually("listed", Duration.ofSeconds(5), () -> a.openIds(PAGE).equals(Set.of(b1)));
        assertEquals(CspStatus.OK, status(a, "B", b1, Duration.ofSeconds(5)));

        b.halt();
        long crashed = System.nanoTime();
        // Within the lease nobody can tell a crash from a stall: no answer is 5001.
        assertEquals(5001, status(a, "B", b1, Duration.ofMillis(200)).code());
        eventually("7951 once the lease has expired", LEASE_TIME.multipliedBy(4),
                () -> status(a, "B", b1, Duration.ofMillis(200)).isClosed());
        System.out.println("[NodeLossTest] a crashed node's id answered 7951 after " + millisSince(crashed) + " ms (lease "
                + LEASE_TIME.toMillis() + " ms)");
        long start = System.nanoTime();
        assertEquals(CspStatus.CLOSED, write(a, "B", b1), "a write to a dead node's socket is 7951, for good");
        assertTrue(millisSince(start) < 1000, "at once, not after the send timeout: " + millisSince(start) + " ms");
        assertEquals(Set.of(), a.openIds(PAGE));

        // Redis still counts B's subscription, but B will never answer: a broadcast does not wait for it.
        assertEquals(":2", redis.commandLines(4, "PUBSUB", "NUMSUB", prefix + ":all").get(3),
                "A and the crashed B are subscribed to broadcasts");
        start = System.nanoTime();
        int count = a.broadcast(PAGE, "to everyone", Duration.ofSeconds(5)).toCompletableFuture().get(7, TimeUnit.SECONDS);
        assertEquals(0, count);
        assertTrue(millisSince(start) < 1000, "the broadcast waited " + millisSince(start) + " ms for a dead node");
    }

    @Test
    void aNodeWithAFixedIdRestartsWhileRedisStillCountsItsCrashedSubscription() throws Exception {
        RedisCluster a = node("A", new FakeLocalNode());
        FakeLocalNode oldSockets = new FakeLocalNode();
        RedisCluster crashed = node("B", oldSockets);
        String old = "B~" + "o".repeat(22);
        oldSockets.openSocket(old, PAGE);
        crashed.opened(old, PAGE);
        eventually("listed", Duration.ofSeconds(5), () -> a.openIds(PAGE).equals(Set.of(old)));
        crashed.halt();
        assertEquals(":1", redis.commandLines(4, "PUBSUB", "NUMSUB", prefix + ":node:B").get(3),
                "Redis still counts the crashed process's subscription");

        long start = System.nanoTime();
        FakeLocalNode newSockets = new FakeLocalNode();
        RedisCluster restarted = node("B", newSockets); // waits out the crashed incarnation's lease
        long millis = millisSince(start);
        System.out.println("[NodeLossTest] the node restarted after " + millis + " ms (lease " + LEASE_TIME.toMillis() + " ms)");
        assertTrue(millis <= LEASE_TIME.toMillis() + 1500, "bounded by the lease: " + millis + " ms");

        // The crashed incarnation's entry is not the restarted node's: never listed again.
        assertFalse(a.openIds(PAGE).contains(old), "a crashed incarnation's id listed again");
        assertEquals(CspStatus.CLOSED, write(a, "B", old), "the restarted node does not hold it");
        String fresh = "B~" + "n".repeat(22);
        newSockets.openSocket(fresh, PAGE);
        restarted.opened(fresh, PAGE);
        eventually("the new socket listed", Duration.ofSeconds(5), () -> a.openIds(PAGE).equals(Set.of(fresh)));
        assertEquals(CspStatus.OK, write(a, "B", fresh));
    }

    @Test
    void aNodeThatFindsItsLeaseExpiredClosesItsSocketsSoThat7951StaysTrue() throws Exception {
        RedisCluster a = node("A", new FakeLocalNode());
        FakeLocalNode bSockets = new FakeLocalNode();
        RedisCluster b = node("B", bSockets);
        String b1 = "B~" + "s".repeat(22);
        bSockets.openSocket(b1, PAGE);
        b.opened(b1, PAGE);
        eventually("listed", Duration.ofSeconds(5), () -> a.openIds(PAGE).equals(Set.of(b1)));
        // As if B had stalled past its lease while Redis kept its data: others now answer 7951.
        assertEquals(":1", redis.command("DEL", prefix + ":lease:B"));
        assertEquals(CspStatus.CLOSED, write(a, "B", b1), "a node without a lease is dead to the others");
        eventually("B closed the socket the others were told is closed", LEASE_TIME.multipliedBy(3),
                () -> !bSockets.open.containsKey(b1));
        assertEquals(CspStatus.CLOSED, status(a, "B", b1, Duration.ofSeconds(5)));
        String b2 = "B~" + "t".repeat(22);
        bSockets.openSocket(b2, PAGE);
        b.opened(b2, PAGE);
        eventually("B serves new sockets", Duration.ofSeconds(5), () -> a.openIds(PAGE).equals(Set.of(b2)));
        assertEquals(CspStatus.OK, write(a, "B", b2));
    }

    @Test
    void aNodeReplacedWhileItsLeaseHadExpiredStepsAsideAndClosesItsSockets() throws Exception {
        RedisCluster a = node("A", new FakeLocalNode());
        FakeLocalNode zombieSockets = new FakeLocalNode();
        RedisCluster zombie = node("B", zombieSockets);
        String old = "B~" + "z".repeat(22);
        zombieSockets.openSocket(old, PAGE);
        zombie.opened(old, PAGE);
        // As if B had stalled past its lease and another process had started as B meanwhile.
        assertEquals("+OK", redis.command("SET", prefix + ":lease:B", "another-incarnation", "PX", "60000"));
        eventually("the replaced node closed its sockets", LEASE_TIME.multipliedBy(3), () -> zombieSockets.open.isEmpty());
        eventually("the replaced node left the node's channel", LEASE_TIME.multipliedBy(3),
                () -> redis.commandLines(4, "PUBSUB", "NUMSUB", prefix + ":node:B").get(3).equals(":0"));
        assertEquals("another-incarnation", redis.commandLines(2, "GET", prefix + ":lease:B").get(1),
                "it does not take the lease back");
        assertFalse(a.openIds(PAGE).contains(old));
        zombie.close();
        assertEquals("another-incarnation", redis.commandLines(2, "GET", prefix + ":lease:B").get(1),
                "leaving, it leaves the other's lease alone");
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void eventually(String what, Duration within, Condition condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + within);
            }
            Thread.sleep(20);
        }
    }
}
