package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * SPEC §6.3 across nodes: an id is listed on every node before its {@code server()} runs, i.e.
 * when {@link CspCluster#opened} returns (the adapter starts {@code server()} after it). Redis is
 * made slow with {@code CLIENT PAUSE … WRITE}, which holds the registration's {@code HSET} but not
 * a reader's {@code HEXISTS}. Real redis-server.
 */
class RegistrationTest {

    private static final String PAGE = "test.Page";
    private static RedisServer redis;
    private final List<CspCluster> started = new ArrayList<>();
    private final String prefix = "reg" + System.nanoTime();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work"), "registration"));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeNodes() throws Exception {
        redis.command("CLIENT", "UNPAUSE");
        for (CspCluster cluster : started) {
            cluster.close();
        }
    }

    private CspCluster node(String nodeId) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, redis.uri());
        parameters.put(RedisClusterParameters.NODE_ID, nodeId);
        parameters.put(RedisClusterParameters.LEASE, "5s");
        parameters.put(RedisClusterParameters.KEY_PREFIX, prefix);
        CspCluster cluster = new RedisClusterProvider().start(new FakeLocalNode().context(parameters));
        started.add(cluster);
        return cluster;
    }

    private boolean listed(String id) throws Exception {
        // KEYS and SISMEMBER are reads: CLIENT PAUSE WRITE does not hold them.
        List<String> keys = redis.commandLines(3, "KEYS", prefix + ":ids:" + PAGE + ":A/*");
        return keys.get(0).equals("*1") && redis.command("SISMEMBER", keys.get(2), id).equals(":1");
    }

    @Test
    void anIdIsInRedisWhenOpenedReturnsSoEveryNodeListsItBeforeServerRuns() throws Exception {
        CspCluster a = node("A");
        CspCluster b = node("B");
        String id = "A~" + "p".repeat(22);
        assertEquals("+OK", redis.command("CLIENT", "PAUSE", "400", "WRITE"));
        long start = System.nanoTime();
        a.opened(id, PAGE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(listed(id), "opened returned after " + millis + " ms, before Redis had the entry");
        assertEquals(Set.of(id), b.openIds(PAGE), "listed on the other node");
    }

    @Test
    void aNodeThatReadsTheListOftenSeesEveryOpenAtOnceAndEveryClose() throws Exception {
        CspCluster a = node("A");
        CspCluster b = node("B");
        String previous = null;
        for (int i = 0; i < 50; i++) {
            String id = String.format("B~%022d", i);
            b.opened(id, PAGE);
            assertTrue(a.openIds(PAGE).contains(id), "an id opened on B is listed on A when opened returns: " + id);
            if (previous != null) {
                b.closed(previous, PAGE);
                String closed = previous;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (a.openIds(PAGE).contains(closed)) {
                    assertTrue(System.nanoTime() < deadline, "a closed id stays listed: " + closed);
                    Thread.sleep(5);
                }
            }
            previous = id;
        }
        assertEquals(Set.of(previous), a.openIds(PAGE));
    }

    @Test
    void openedWaitsAtMostTheRegistrationWaitAndTheIdIsListedWhenRedisCatchesUp() throws Exception {
        CspCluster a = node("A");
        CspCluster b = node("B");
        String id = "A~" + "q".repeat(22);
        assertEquals("+OK", redis.command("CLIENT", "PAUSE", "3000", "WRITE"));
        long start = System.nanoTime();
        a.opened(id, PAGE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long bound = SocketDirectory.REGISTRATION_WAIT.toMillis();
        assertTrue(millis >= bound - 50 && millis < bound + 500, "opened waited " + millis + " ms; the bound is " + bound);
        assertEquals("+OK", redis.command("CLIENT", "UNPAUSE"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!b.openIds(PAGE).contains(id)) {
            assertTrue(System.nanoTime() < deadline, "the late registration never arrived");
            Thread.sleep(20);
        }
    }
}
