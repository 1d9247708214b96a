package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The binding alone, against a real redis-server: several bindings in one JVM, each with a fake set
 * of local sockets (the adapter's registry is static, so whole nodes run in their own JVMs in
 * {@link ClusterIT}).
 */
class RedisClusterBindingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PAGE = "test.Page";
    private static RedisServer redis;
    private final List<CspCluster> started = new ArrayList<>();
    private int prefixCounter;
    private String prefix;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work")));
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

    private CspCluster node(String nodeId, FakeLocalNode local) throws Exception {
        return node(nodeId, local, "2s");
    }

    private CspCluster node(String nodeId, FakeLocalNode local, String lease) throws Exception {
        if (prefix == null) {
            prefix = "t" + System.nanoTime() + "-" + prefixCounter++;
        }
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, redis.uri());
        parameters.put(RedisClusterParameters.NODE_ID, nodeId);
        parameters.put(RedisClusterParameters.LEASE, lease);
        parameters.put(RedisClusterParameters.KEY_PREFIX, prefix);
        CspCluster cluster = new RedisClusterProvider().start(local.context(parameters));
        started.add(cluster);
        return cluster;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS);
    }

    private static void eventually(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + within);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void withoutTheRedisParameterTheApplicationStaysSingleNode() throws Exception {
        assertNull(new RedisClusterProvider().start(new FakeLocalNode().context(Map.of())));
    }

    @Test
    void textOfAnyKindAndBinaryArriveExactly() throws Exception {
        FakeLocalNode b = new FakeLocalNode();
        CspCluster nodeA = node("A", new FakeLocalNode());
        node("B", b);
        String id = "B~" + "x".repeat(22);
        b.openSocket(id, PAGE);
        StringBuilder big = new StringBuilder();
        while (big.length() < 300_000) {
            big.append("line ").append(big.length()).append("\r\n\u00e9\u65e5\uD83D\uDE00|");
        }
        List<String> texts = List.of("", "one\ntwo\r\nthree\u0000four", "日本語 ✓ 😀 ünïcödé", "lone \uD800 high",
                "lone \uDC00 low", "4:abc csp1 3:", big.toString());
        for (String text : texts) {
            assertEquals(CspStatus.OK, await(nodeA.write("B", id, text, null, TIMEOUT)));
            FakeLocalNode.Written written = b.writes.poll(5, TimeUnit.SECONDS);
            assertNotNull(written);
            assertEquals(text, written.text());
            assertNull(written.bytes());
        }
        byte[] bytes = new byte[100_000];
        new Random(7).nextBytes(bytes);
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        for (byte[] data : List.of(bytes, new byte[0])) {
            assertEquals(CspStatus.OK, await(nodeA.write("B", id, null, data, TIMEOUT)));
            FakeLocalNode.Written written = b.writes.poll(5, TimeUnit.SECONDS);
            assertNotNull(written);
            assertNull(written.text());
            assertArrayEquals(data, written.bytes());
        }
    }

    @Test
    void writesFromOneThreadKeepTheirOrder() throws Exception {
        FakeLocalNode b = new FakeLocalNode();
        CspCluster nodeA = node("A", new FakeLocalNode());
        node("B", b);
        String id = "B~" + "y".repeat(22);
        b.openSocket(id, PAGE);
        List<CompletableFuture<CspStatus>> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add(nodeA.write("B", id, Integer.toString(i), null, TIMEOUT).toCompletableFuture());
        }
        for (CompletableFuture<CspStatus> status : sent) {
            assertEquals(CspStatus.OK, status.get(10, TimeUnit.SECONDS));
        }
        for (int i = 0; i < 500; i++) {
            assertEquals(Integer.toString(i), b.writes.poll(5, TimeUnit.SECONDS).text());
        }
    }

    @Test
    void ownerStatusesTravelBackAndCallersNeverRunOnTheEventLoop() throws Exception {
        FakeLocalNode b = new FakeLocalNode();
        CspCluster nodeA = node("A", new FakeLocalNode());
        node("B", b);
        String id = "B~" + "z".repeat(22);
        String stale = "B~" + "s".repeat(22);
        b.openSocket(id, PAGE);
        assertEquals(CspStatus.OK, await(nodeA.status("B", id, TIMEOUT)));
        assertEquals(CspStatus.CLOSED, await(nodeA.status("B", stale, TIMEOUT)));
        assertEquals(CspStatus.CLOSED, await(nodeA.write("B", stale, "x", null, TIMEOUT)));
        b.writeAnswer = written -> CompletableFuture.completedFuture(CspStatus.error("send failed"));
        CspStatus failed = await(nodeA.write("B", id, "x", null, TIMEOUT));
        assertEquals(5001, failed.code());
        assertEquals("send failed", failed.message());
        // A dependent stage runs on the completing thread, or on this one if the answer came first:
        // either way never on Lettuce's event loop, where a caller's blocking code would stall Redis I/O.
        String thread = await(nodeA.status("B", id, TIMEOUT).thenApply(status -> Thread.currentThread().getName()));
        assertTrue(thread.startsWith("csp-redis-callback A") || thread.equals(Thread.currentThread().getName()),
                "completed on " + thread);
        assertEquals(CspStatus.OK, await(nodeA.endServer("B", id, TIMEOUT)));
        assertEquals(CspStatus.CLOSED, await(nodeA.endServer("B", id, TIMEOUT)));
        assertEquals(CspStatus.CLOSED, await(nodeA.status("B", id, TIMEOUT)));
    }

    @Test
    void theOwnerSaysWhetherAPageIsInBinaryMode() throws Exception {
        FakeLocalNode b = new FakeLocalNode();
        CspCluster nodeA = node("A", new FakeLocalNode());
        node("B", b);
        String text = "B~" + "t".repeat(22);
        String binary = "B~" + "b".repeat(22);
        b.openSocket(text, PAGE);
        b.openSocket(binary, PAGE);
        b.binary.add(binary);
        assertEquals(Boolean.FALSE, await(nodeA.binaryData("B", text, TIMEOUT)), "a text page");
        assertEquals(Boolean.TRUE, await(nodeA.binaryData("B", binary, TIMEOUT)), "a page with BinaryData");
        assertEquals(Boolean.FALSE, await(nodeA.binaryData("B", "B~" + "s".repeat(22), TIMEOUT)), "a stale id");
    }

    @Test
    void noAnswerWithinTheTimeoutIs5001AndLeavesNothingPending() throws Exception {
        FakeLocalNode b = new FakeLocalNode();
        RedisCluster nodeA = (RedisCluster) node("A", new FakeLocalNode());
        node("B", b);
        String id = "B~" + "w".repeat(22);
        b.openSocket(id, PAGE);
        b.writeAnswer = written -> new CompletableFuture<>(); // the owner never answers
        long start = System.nanoTime();
        CspStatus status = await(nodeA.write("B", id, "lost", null, Duration.ofMillis(500)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(5001, status.code(), status.toString());
        assertTrue(millis >= 450 && millis < 3000, "answered after " + millis + " ms");
        assertEquals(0, nodeA.pendingRequests());
    }

    @Test
    void aNodeNobodyListensForIs5001AtOnceAndOneThatLeftIs7951() throws Exception {
        CspCluster nodeA = node("A", new FakeLocalNode());
        long start = System.nanoTime();
        CspStatus ghost = await(nodeA.write("ghost", "ghost~" + "g".repeat(22), "x", null, Duration.ofSeconds(30)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(5001, ghost.code(), ghost.toString());
        assertTrue(millis < 3000, "answered after " + millis + " ms");

        FakeLocalNode c = new FakeLocalNode();
        CspCluster nodeC = node("C", c);
        String id = "C~" + "c".repeat(22);
        c.openSocket(id, PAGE);
        nodeC.opened(id, PAGE);
        assertEquals(CspStatus.OK, await(nodeA.status("C", id, TIMEOUT)));
        c.open.clear(); // the adapter closes every socket before the binding leaves
        nodeC.closed(id, PAGE);
        nodeC.close();
        assertEquals(CspStatus.CLOSED, await(nodeA.write("C", id, "x", null, TIMEOUT)));
        assertEquals(CspStatus.CLOSED, await(nodeA.endServer("C", id, TIMEOUT)));
        assertEquals(Set.of(), nodeA.openIds(PAGE));
    }

    @Test
    void broadcastCountsTheSocketsOfEveryOtherNodeOnce() throws Exception {
        FakeLocalNode a = new FakeLocalNode();
        FakeLocalNode b = new FakeLocalNode();
        FakeLocalNode c = new FakeLocalNode();
        CspCluster nodeA = node("A", a);
        node("B", b);
        node("C", c);
        a.openSocket("A~" + "a".repeat(22), PAGE);
        for (int i = 0; i < 2; i++) {
            b.openSocket("B~" + Integer.toString(i).repeat(22), PAGE);
        }
        for (int i = 0; i < 3; i++) {
            c.openSocket("C~" + Integer.toString(i).repeat(22), PAGE);
        }
        c.openSocket("C~" + "o".repeat(22), "other.Page");
        long start = System.nanoTime();
        assertEquals(5, await(nodeA.broadcast(PAGE, "hello\nall 😀", TIMEOUT)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < TIMEOUT.toMillis() / 2,
                "the count came when every node had answered, not at the timeout");
        assertEquals("hello\nall 😀", b.broadcasts.poll(1, TimeUnit.SECONDS));
        assertEquals("hello\nall 😀", c.broadcasts.poll(1, TimeUnit.SECONDS));
        assertNull(a.broadcasts.poll(200, TimeUnit.MILLISECONDS), "the adapter serves this node's sockets itself");
        assertNull(b.broadcasts.poll(1, TimeUnit.MILLISECONDS));
        assertNull(c.broadcasts.poll(1, TimeUnit.MILLISECONDS));
    }

    @Test
    void openIdsListsEveryLiveNodeAndDropsDeadOnesLazily() throws Exception {
        FakeLocalNode a = new FakeLocalNode();
        FakeLocalNode b = new FakeLocalNode();
        CspCluster nodeA = node("A", a);
        CspCluster nodeB = node("B", b);
        String a1 = "A~" + "1".repeat(22);
        String b1 = "B~" + "1".repeat(22);
        String b2 = "B~" + "2".repeat(22);
        a.openSocket(a1, PAGE);
        nodeA.opened(a1, PAGE);
        for (String id : List.of(b1, b2)) {
            b.openSocket(id, PAGE);
            nodeB.opened(id, PAGE);
        }
        assertEquals(Set.of(a1), nodeA.openIds(PAGE).stream().filter(id -> id.startsWith("A")).collect(Collectors.toSet()),
                "this node's own sockets come from its registry at once");
        eventually("all ids listed on A", Duration.ofSeconds(5), () -> nodeA.openIds(PAGE).equals(Set.of(a1, b1, b2)));
        eventually("all ids listed on B", Duration.ofSeconds(5), () -> nodeB.openIds(PAGE).equals(Set.of(a1, b1, b2)));
        assertEquals(Set.of(), nodeA.openIds("no.such.Page"));

        // A node that died without leaving: its entries stay in the hash but its lease is gone.
        String dead = "dead~" + "d".repeat(22);
        String deadOwner = "dead/crashed-incarnation";
        assertEquals(":1", redis.command("SADD", prefix + ":owners:" + PAGE, deadOwner));
        assertEquals(":1", redis.command("SADD", prefix + ":ids:" + PAGE + ":" + deadOwner, dead));
        assertEquals(Set.of(a1, b1, b2), nodeA.openIds(PAGE));
        assertEquals(":0", redis.command("SISMEMBER", prefix + ":owners:" + PAGE, deadOwner), "cleaned up lazily");
        assertEquals(":0", redis.command("EXISTS", prefix + ":ids:" + PAGE + ":" + deadOwner), "cleaned up lazily");

        b.open.remove(b2);
        nodeB.closed(b2, PAGE);
        eventually("closed id delisted", Duration.ofSeconds(5), () -> nodeA.openIds(PAGE).equals(Set.of(a1, b1)));
    }

    @Test
    void aNodeListsItsSocketsAgainWhenRedisLosesItsData() throws Exception {
        FakeLocalNode b = new FakeLocalNode();
        CspCluster nodeA = node("A", new FakeLocalNode(), "900ms");
        CspCluster nodeB = node("B", b, "900ms");
        String b1 = "B~" + "r".repeat(22);
        b.openSocket(b1, PAGE);
        nodeB.opened(b1, PAGE);
        eventually("listed", Duration.ofSeconds(5), () -> nodeA.openIds(PAGE).equals(Set.of(b1)));
        assertEquals("+OK", redis.command("FLUSHALL"));
        eventually("listed again", Duration.ofSeconds(5), () -> nodeA.openIds(PAGE).equals(Set.of(b1)));
    }

    @Test
    void aSecondLiveNodeWithTheSameIdFailsToStart() throws Exception {
        node("A", new FakeLocalNode());
        Exception refused = assertThrows(IllegalStateException.class, () -> node("A", new FakeLocalNode()));
        assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
    }

    @Test
    void badParametersFailTheDeployment() {
        FakeLocalNode local = new FakeLocalNode();
        assertThrows(IllegalArgumentException.class, () -> new RedisClusterProvider().start(local.context(
                Map.of(RedisClusterParameters.REDIS, redis.uri(), RedisClusterParameters.NODE_ID, "bad id"))));
        assertThrows(IllegalArgumentException.class, () -> new RedisClusterProvider().start(local.context(
                Map.of(RedisClusterParameters.REDIS, redis.uri(), RedisClusterParameters.LEASE, "100ms"))));
        assertThrows(IllegalArgumentException.class, () -> new RedisClusterProvider().start(local.context(
                Map.of(RedisClusterParameters.REDIS, "http://nowhere"))));
    }

    @Test
    void anUnreachableRedisFailsTheStartAndLeavesNoThread() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        FakeLocalNode local = new FakeLocalNode();
        int closedPort = RedisServer.freePort();
        assertThrows(Exception.class, () -> new RedisClusterProvider().start(local.context(
                Map.of(RedisClusterParameters.REDIS, "redis://127.0.0.1:" + closedPort))));
        assertNoNewThreads(before);
    }

    @Test
    void closeStopsEveryThreadItStarted() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        FakeLocalNode b = new FakeLocalNode();
        Map<String, String> parameters = Map.of(RedisClusterParameters.REDIS, redis.uri(),
                RedisClusterParameters.NODE_ID, "leak", RedisClusterParameters.KEY_PREFIX, "leak-test");
        CspCluster cluster = new RedisClusterProvider().start(b.context(parameters));
        cluster.opened("leak~" + "l".repeat(22), PAGE);
        cluster.openIds(PAGE);
        await(cluster.broadcast(PAGE, "x", TIMEOUT));
        await(cluster.write("ghost", "ghost~" + "g".repeat(22), "x", null, TIMEOUT));
        cluster.close();
        assertNoNewThreads(before);
    }

    private static void assertNoNewThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && thread.isAlive())
                    .map(Thread::getName)
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("threads left running: " + left);
    }
}
