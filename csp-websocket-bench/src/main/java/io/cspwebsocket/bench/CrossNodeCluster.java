package io.cspwebsocket.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The processes of the cross-node scenario: a {@code redis-server} of its own and two server
 * children (nodes {@code A} and {@code B}) of one JDK, both joined to it by the Redis cluster
 * binding. Closing it stops the children, then Redis; a failed start leaves nothing running.
 */
final class CrossNodeCluster implements AutoCloseable {

    /** Node A: runs the timed writes, and holds the same-node sockets. */
    static final String NODE_A = "benchA";
    /** Node B: holds the sockets that node A writes to through Redis. */
    static final String NODE_B = "benchB";

    private final RedisProcess redis;
    private ServerProcess a;
    private ServerProcess b;

    private CrossNodeCluster(RedisProcess redis) {
        this.redis = redis;
    }

    /**
     * Starts Redis, then both nodes.
     *
     * @param jdk the nodes' JDK
     * @param options the node heap, JFR
     * @param redisServer the redis-server executable
     * @param logs where the logs go (redis, node A, node B)
     * @return the running cluster
     * @throws IOException if a process does not start in time
     */
    static CrossNodeCluster start(ServerJdk jdk, Options options, Path redisServer, Path logs) throws IOException {
        String prefix = "cross-node-" + jdk.name();
        RedisProcess redis = RedisProcess.start(redisServer, logs.resolve(prefix + "-redis.log"));
        CrossNodeCluster cluster = new CrossNodeCluster(redis);
        try {
            cluster.a = node(jdk, options, redis, NODE_A, logs.resolve(prefix + "-" + NODE_A + ".log"));
            cluster.b = node(jdk, options, redis, NODE_B, logs.resolve(prefix + "-" + NODE_B + ".log"));
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static ServerProcess node(ServerJdk jdk, Options options, RedisProcess redis, String nodeId, Path log)
            throws IOException {
        return ServerProcess.start(jdk, options, log, options.crossNodeHeap,
                "bench-server-" + jdk.name() + "-" + nodeId, List.of("--redis", redis.uri(), "--node-id", nodeId));
    }

    /** @return node A */
    ServerProcess a() {
        return a;
    }

    /** @return node B */
    ServerProcess b() {
        return b;
    }

    /** @return the redis-server process id */
    long redisPid() {
        return redis.pid();
    }

    /** Stops node B, node A, then Redis; each step bounded (see {@link ServerProcess#close()}). */
    @Override
    public void close() {
        try {
            if (b != null) {
                b.close();
            }
        } finally {
            try {
                if (a != null) {
                    a.close();
                }
            } finally {
                redis.close();
            }
        }
    }
}
