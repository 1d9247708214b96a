package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters, without replicas or with one each, all real
 * {@code redis-server} processes on 127.0.0.1 with {@code cluster-enabled yes} (a node is judged
 * failed after {@link #NODE_TIMEOUT}), joined by {@code redis-cli --cluster create}, started and
 * stopped by the test.
 */
final class RedisClusterGroup implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);

    /** Every server; the first three are the masters {@code --cluster create} was given. */
    final List<RedisServer> masters = new ArrayList<>();

    private RedisClusterGroup() {
    }

    /**
     * Starts the three masters, creates the cluster and waits until every node says it is ok.
     *
     * @param workDir where logs and the nodes' cluster files go
     * @return the running cluster
     */
    static RedisClusterGroup start(Path workDir) throws Exception {
        return start(workDir, 0);
    }

    /**
     * @param workDir where logs and the nodes' cluster files go
     * @param replicas replicas per master (0 or 1)
     * @return the running cluster
     */
    static RedisClusterGroup start(Path workDir, int replicas) throws Exception {
        RedisClusterGroup group = new RedisClusterGroup();
        try {
            Files.createDirectories(workDir);
            List<String> create = new ArrayList<>(List.of(redisCli().toString(), "--cluster", "create"));
            for (int i = 0; i < 3 * (1 + replicas); i++) {
                int port = RedisServer.freePort();
                Path nodesFile = workDir.resolve("nodes-" + port + ".conf");
                Files.deleteIfExists(nodesFile);
                group.masters.add(RedisServer.start(workDir, port, List.of(),
                        List.of("--cluster-enabled", "yes", "--cluster-config-file", nodesFile.toString(),
                                "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
                                // a replica syncs at once, not after the default 5 s wait for more replicas
                                "--repl-diskless-sync-delay", "0")));
                create.add("127.0.0.1:" + port);
            }
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
            Process cli = new ProcessBuilder(create).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("cluster-create.log").toFile()))
                    .start();
            if (!cli.waitFor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || cli.exitValue() != 0) {
                cli.destroyForcibly();
                fail("redis-cli --cluster create failed; see " + workDir.resolve("cluster-create.log"));
            }
            group.awaitOk();
            return group;
        } catch (Exception | Error e) {
            group.close();
            throw e;
        }
    }

    /** redis-cli beside redis-server (Debian: package redis-tools, a dependency of redis-server). */
    private static Path redisCli() {
        Path cli = RedisServer.find().resolveSibling("redis-cli");
        if (!Files.isExecutable(cli)) {
            fail("redis-cli not found beside " + RedisServer.find() + " (Debian: apt-get install -y redis-tools)");
        }
        return cli;
    }

    /**
     * Waits until every running server says the cluster is ok and every replica has finished its
     * first sync. A replica that has never synced refuses to take over ("disconnected from master
     * for longer than allowed"), so a failover test that kills a master earlier tests nothing.
     */
    void awaitOk() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (RedisServer master : masters) {
                if (master.pong()) {
                    ok &= master.bulk("CLUSTER", "INFO").contains("cluster_state:ok");
                    String replication = master.bulk("INFO", "replication");
                    ok &= !replication.contains("role:slave") || replication.contains("master_link_status:up");
                }
            }
            if (ok) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the cluster was not ok within " + READY_TIMEOUT);
    }

    /**
     * @param key a key
     * @return the server that is master of the key's slot now
     */
    RedisServer masterOf(String key) throws IOException {
        // ask any live server: the first one may be the master a test has killed
        RedisServer live = masters.stream().filter(RedisServer::pong).findFirst()
                .orElseThrow(() -> new AssertionError("no Redis server answers"));
        int slot = Integer.parseInt(live.command("CLUSTER", "KEYSLOT", key).substring(1));
        for (RedisServer server : masters) {
            if (!server.pong()) {
                continue;
            }
            for (String line : server.bulk("CLUSTER", "NODES").split("\n")) {
                String[] fields = line.split(" ");
                if (!line.contains("myself") || !fields[2].contains("master")) {
                    continue;
                }
                for (int i = 8; i < fields.length; i++) {
                    String[] range = fields[i].split("-");
                    if (range[0].startsWith("[")) {
                        continue;
                    }
                    int from = Integer.parseInt(range[0]);
                    int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                    if (slot >= from && slot <= to) {
                        return server;
                    }
                }
            }
        }
        throw new AssertionError("no master serves slot " + slot);
    }

    /** @return the URI of one node, as nodes are configured */
    String uri() {
        return masters.get(0).uri();
    }

    /**
     * @return the shard channels with subscribers on any master ({@code PUBSUB SHARDCHANNELS})
     */
    List<String> shardChannels() throws IOException {
        List<String> channels = new ArrayList<>();
        for (RedisServer master : masters) {
            channels.addAll(master.array("PUBSUB", "SHARDCHANNELS"));
        }
        return channels;
    }

    /** @return the classic channels with subscribers on any master ({@code PUBSUB CHANNELS}) */
    List<String> classicChannels() throws IOException {
        List<String> channels = new ArrayList<>();
        for (RedisServer master : masters) {
            channels.addAll(master.array("PUBSUB", "CHANNELS"));
        }
        return channels;
    }

    @Override
    public void close() {
        for (RedisServer master : masters) {
            master.close();
        }
    }
}
