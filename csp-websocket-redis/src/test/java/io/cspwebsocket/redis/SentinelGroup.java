package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One master, one replica and three sentinels, all real {@code redis-server} processes on
 * 127.0.0.1 ({@code redis-server <conf> --sentinel} for a sentinel), started and stopped by the
 * test. Sentinels judge a master down after {@link #DOWN_AFTER}, so that a failover takes seconds.
 */
final class SentinelGroup implements AutoCloseable {

    static final String MASTER_NAME = "mymaster";
    static final Duration DOWN_AFTER = Duration.ofMillis(1000);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServer> data = new ArrayList<>();
    private final List<RedisServer> sentinels = new ArrayList<>();

    private SentinelGroup() {
    }

    /**
     * Starts the group and waits until the replica is in sync and every sentinel knows the others.
     *
     * @param workDir where logs and the sentinels' configuration files go
     * @return the running group
     */
    static SentinelGroup start(Path workDir) throws Exception {
        SentinelGroup group = new SentinelGroup();
        try {
            RedisServer master = RedisServer.start(workDir, RedisServer.freePort(), List.of(), List.of());
            group.data.add(master);
            group.data.add(RedisServer.start(workDir, RedisServer.freePort(), List.of(),
                    List.of("--replicaof", "127.0.0.1", Integer.toString(master.port()))));
            for (int i = 0; i < 3; i++) {
                int port = RedisServer.freePort();
                Path conf = workDir.resolve("sentinel-" + port + ".conf");
                Files.createDirectories(workDir);
                // Sentinels rewrite their file (what they learn), so each has its own.
                Files.writeString(conf, String.join("\n",
                        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                        "sentinel failover-timeout " + MASTER_NAME + " 3000",
                        "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
                group.sentinels.add(RedisServer.start(workDir, port, List.of(conf.toString()), List.of("--sentinel")));
            }
            group.awaitReady();
            return group;
        } catch (Exception | Error e) {
            group.close();
            throw e;
        }
    }

    /** @return the URI nodes connect with, as Lettuce spells it */
    String uri() {
        StringBuilder uri = new StringBuilder("redis-sentinel://");
        for (int i = 0; i < sentinels.size(); i++) {
            uri.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinels.get(i).port());
        }
        return uri.append("?sentinelMasterId=").append(MASTER_NAME).toString();
    }

    /** @return the port of the master the sentinels name now */
    int masterPort() throws IOException {
        List<String> answer = sentinels.get(0).commandLines(5, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        return Integer.parseInt(answer.get(4));
    }

    /** @return the data server on {@code port} */
    RedisServer server(int port) {
        return data.stream().filter(server -> server.port() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no server on " + port));
    }

    /** Asks a sentinel for a failover (the master stays up and becomes a replica); retried while it has no replica ready. */
    void failover() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String answer = "";
        while (System.nanoTime() < deadline) {
            answer = sentinels.get(0).command("SENTINEL", "FAILOVER", MASTER_NAME);
            if (answer.equals("+OK")) {
                return;
            }
            Thread.sleep(200);
        }
        fail("SENTINEL FAILOVER: " + answer);
    }

    /**
     * Waits until the sentinels name a master other than {@code port} and it takes writes.
     *
     * @param port the old master
     * @return the new master's port
     */
    int awaitNewMaster(int port) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int now = masterPort();
            if (now != port && server(now).command("SET", "csp-test-probe", "1").equals("+OK")) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no new master within " + READY_TIMEOUT);
    }

    /** Waits until every replica is in sync and every sentinel counts three sentinels and a replica. */
    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            RedisServer master = server(masterPort());
            boolean synced = master.bulk("INFO", "replication").contains("state=online");
            boolean quorum = true;
            for (RedisServer sentinel : sentinels) {
                String replicas = sentinel.bulk("INFO", "sentinel");
                last = sentinel.command("SENTINEL", "CKQUORUM", MASTER_NAME) + " / " + replicas;
                quorum &= last.startsWith("+OK 3 usable") && replicas.contains("slaves=1,sentinels=3");
            }
            if (synced && quorum) {
                return;
            }
            Thread.sleep(200);
        }
        fail("the sentinel group was not ready within " + READY_TIMEOUT + ": " + last);
    }

    @Override
    public void close() {
        for (RedisServer server : sentinels) {
            server.close();
        }
        for (RedisServer server : data) {
            server.close();
        }
    }
}
