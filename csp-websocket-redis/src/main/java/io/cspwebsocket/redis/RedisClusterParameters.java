package io.cspwebsocket.redis;

/**
 * The servlet-context init parameters of the Redis cluster binding (SPEC §12), with their
 * defaults. Set them with {@code <context-param>} in {@code web.xml}, with
 * {@code ServletContext#setInitParameter} before the application starts, or in the container's own
 * configuration. Only {@link #REDIS} is needed to turn clustering on; without it the application
 * stays single-node and this binding does nothing.
 *
 * <p>Every node of one application must use the same Redis server and the same
 * {@link #KEY_PREFIX}; each needs its own {@link #NODE_ID}. Durations are written as {@code 10s},
 * {@code 500ms}, {@code 2m}, an ISO-8601 duration ({@code PT10S}) or a plain number of
 * milliseconds.
 */
public final class RedisClusterParameters {

    /**
     * The Redis server, as a Lettuce URI: {@code redis://127.0.0.1:6379},
     * {@code redis://:password@host:6379/0}, {@code rediss://host:6380} (TLS). Default: absent, and
     * the application is not clustered. Redis Cluster and Sentinel URIs are not supported: the
     * binding needs one server that sees every node's publications.
     */
    public static final String REDIS = "io.cspwebsocket.cluster.redis";

    /**
     * This node's id, 1 to 32 of {@code A-Z a-z 0-9 _ -}. It starts every WebSocket id issued here
     * ({@code <nodeId>~…}), so that any node can route a request for a socket without a lookup.
     * Default: a random 10-character id, new at every start. Two live nodes with the same id make
     * the second one fail to start.
     */
    public static final String NODE_ID = "io.cspwebsocket.cluster.nodeId";

    /**
     * How long this node stays listed after it stops renewing its lease (it renews every third of
     * it): a node that dies has its sockets' ids dropped from {@code openIds} within this time.
     * At least 500 ms. Default 10 s.
     */
    public static final String LEASE = "io.cspwebsocket.cluster.lease";

    /**
     * The prefix of every Redis key and channel the binding uses; applications that share one
     * Redis server need different prefixes. Default {@code csp:<context path>} (e.g.
     * {@code csp:/chat}), or {@code csp} for the root context.
     */
    public static final String KEY_PREFIX = "io.cspwebsocket.cluster.keyPrefix";

    /** The default of {@link #LEASE}, in milliseconds. */
    public static final long DEFAULT_LEASE_MILLIS = 10_000;

    private RedisClusterParameters() {
    }
}
