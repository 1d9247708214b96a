package io.cspwebsocket.redis;

import io.lettuce.core.RedisURI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The binding's settings, read from the application's init parameters
 * ({@link RedisClusterParameters}) and checked before anything connects.
 *
 * @param uri the Redis server
 * @param nodeId this node's id
 * @param lease how long this node stays listed without renewing
 * @param keyPrefix the prefix of every key and channel
 * @param timeout how long a Redis command or a remote call may take (the send timeout)
 */
record RedisSettings(RedisURI uri, String nodeId, Duration lease, String keyPrefix, Duration timeout) {

    /** A node id: 1 to 32 of {@code A-Z a-z 0-9 _ -} (the adapter checks the same). */
    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final Duration MIN_LEASE = Duration.ofMillis(500);
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_NODE_ID_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param parameters the application's init parameters
     * @param applicationName its context path ({@code "/"} or {@code ""} for the root)
     * @param sendTimeout its send timeout
     * @return the settings, or {@code null} when {@link RedisClusterParameters#REDIS} is absent
     * @throws IllegalArgumentException naming the parameter that is wrong
     */
    static RedisSettings from(UnaryOperator<String> parameters, String applicationName, Duration sendTimeout) {
        String rawUri = trimmed(parameters.apply(RedisClusterParameters.REDIS));
        if (rawUri == null) {
            return null;
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(rawUri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("context parameter " + RedisClusterParameters.REDIS + " is not a Redis URI"
                    + " (e.g. redis://127.0.0.1:6379): " + e.getMessage(), e);
        }
        if (!uri.getSentinels().isEmpty() && (uri.getSentinelMasterId() == null || uri.getSentinelMasterId().isBlank())) {
            throw new IllegalArgumentException("context parameter " + RedisClusterParameters.REDIS
                    + ": a Redis Sentinel URI must name its master, e.g."
                    + " redis-sentinel://10.0.0.5:26379,10.0.0.6:26379,10.0.0.7:26379?sentinelMasterId=mymaster");
        }
        String nodeId = trimmed(parameters.apply(RedisClusterParameters.NODE_ID));
        if (nodeId == null) {
            nodeId = randomNodeId();
        } else if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("context parameter " + RedisClusterParameters.NODE_ID + "='" + nodeId
                    + "' must be 1 to 32 of A-Z a-z 0-9 _ -");
        }
        Duration lease = duration(parameters, RedisClusterParameters.LEASE,
                Duration.ofMillis(RedisClusterParameters.DEFAULT_LEASE_MILLIS));
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("context parameter " + RedisClusterParameters.LEASE + " must be at least "
                    + MIN_LEASE.toMillis() + " ms, got " + lease.toMillis() + " ms");
        }
        String prefix = parameters.apply(RedisClusterParameters.KEY_PREFIX);
        if (prefix == null || prefix.isBlank()) {
            boolean root = applicationName == null || applicationName.isEmpty() || applicationName.equals("/");
            prefix = root ? "csp" : "csp:" + applicationName;
        }
        Duration timeout = sendTimeout == null || sendTimeout.isZero() || sendTimeout.isNegative()
                ? Duration.ofSeconds(30) : sendTimeout;
        return new RedisSettings(uri, nodeId, lease, prefix, timeout);
    }

    /** @return how often the lease is renewed: a third of it, so two renewals may be lost */
    Duration renewalPeriod() {
        return lease.dividedBy(3);
    }

    /**
     * Redis commands of the binding itself (lease, registration, openIds) give up after this:
     * the send timeout, at most 10 s, so that {@code openIds} never hangs a page for long.
     *
     * @return the command timeout
     */
    Duration commandTimeout() {
        Duration cap = Duration.ofSeconds(10);
        return timeout.compareTo(cap) > 0 ? cap : timeout;
    }

    /** @return the URI without its password, for log lines */
    String safeUri() {
        return uri.toString();
    }

    static String randomNodeId() {
        StringBuilder id = new StringBuilder(RANDOM_NODE_ID_LENGTH);
        for (int i = 0; i < RANDOM_NODE_ID_LENGTH; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    static Duration duration(UnaryOperator<String> parameters, String name, Duration fallback) {
        String raw = trimmed(parameters.apply(name));
        if (raw == null) {
            return fallback;
        }
        String value = raw.toLowerCase(Locale.ROOT);
        try {
            Duration parsed;
            if (value.startsWith("p")) {
                parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
            } else if (value.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
            } else if (value.endsWith("s")) {
                parsed = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1).trim()));
            } else if (value.endsWith("m")) {
                parsed = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1).trim()));
            } else {
                parsed = Duration.ofMillis(Long.parseLong(value));
            }
            if (parsed.isNegative() || parsed.isZero()) {
                throw new NumberFormatException("not positive");
            }
            return parsed;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("context parameter " + name + "='" + raw
                    + "' is not a duration (e.g. 10s, 500ms, 2m, PT10S or milliseconds)", e);
        }
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
