package io.cspwebsocket.spring.boot;

import io.cspwebsocket.impl.CspInitParameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The library's settings as {@code csp.websocket.*} properties. Each one maps onto one of the
 * servlet-context init parameters of {@link CspInitParameters} (or of the Redis cluster binding);
 * a property left unset leaves the library's default in force. Sizes take Spring's
 * {@link DataSize} units ({@code 64KB}, {@code 1MB}: binary multiples), durations Spring's
 * {@link Duration} forms ({@code 30s}, {@code 500ms}, {@code PT1M}).
 */
@ConfigurationProperties(prefix = "csp.websocket")
public class CspWebSocketProperties {

    /** Largest client message; a bigger one closes the socket with 1009. Library default 1MB. */
    private DataSize maxMessageSize;

    /** How long a write may take before it fails with 5001 and the socket closes with 1011. Library default 30s. */
    private Duration sendTimeout;

    /** Unread client data one socket may hold before the library stops reading from that client. Library default 64KB. */
    private DataSize inboxCapacity;

    /** Unsent data one socket may queue for writeAsync and broadcast before they are refused with 5001. Library default 4MB. */
    private DataSize outboxCapacity;

    /** How long shutdown waits in total for pages to finish after their sockets were closed with 1001. Library default 10s. */
    private Duration shutdownTimeout;

    /** Cross-site origins allowed to open any page, e.g. https://app.example.com; "*" allows all. Same-origin handshakes are always allowed. */
    private List<String> allowedOrigins = new ArrayList<>();

    /** Whether X-Forwarded-Proto and X-Forwarded-Host count for the same-origin check (behind a trusted proxy). Library default false. */
    private Boolean trustForwardedHeaders;

    /** Silence after which the library pings a socket, so that proxies keep it open. Library default 30s. */
    private Duration pingInterval;

    /** Silence (no frame, pongs included) after which a socket is closed with 1001. Library default 90s. */
    private Duration idleTimeout;

    /** Cluster binding (csp-websocket-redis on the class path). */
    private final Cluster cluster = new Cluster();

    /** Further servlet-context init parameters for the library or a binding, by their full names (io.cspwebsocket.*). */
    private Map<String, String> initParameters = new LinkedHashMap<>();

    /** The Redis cluster binding's settings (used only when csp-websocket-redis is on the class path). */
    public static class Cluster {

        /** Redis server URI that joins this node to a cluster, e.g. redis://127.0.0.1:6379. Unset: single node. */
        private String redis;

        /** This node's id (1 to 32 of A-Z a-z 0-9 _ -). Default: a random id at every start. */
        private String nodeId;

        /** How long a node stays listed after it stops renewing its lease. Library default 10s. */
        private Duration lease;

        /** Prefix of the Redis keys and channels; applications that share a Redis server need different ones. */
        private String keyPrefix;

        /** @return the Redis URI, or {@code null} */
        public String getRedis() {
            return redis;
        }

        /** @param redis the Redis URI */
        public void setRedis(String redis) {
            this.redis = redis;
        }

        /** @return the node id, or {@code null} */
        public String getNodeId() {
            return nodeId;
        }

        /** @param nodeId the node id */
        public void setNodeId(String nodeId) {
            this.nodeId = nodeId;
        }

        /** @return the lease, or {@code null} */
        public Duration getLease() {
            return lease;
        }

        /** @param lease the lease */
        public void setLease(Duration lease) {
            this.lease = lease;
        }

        /** @return the key prefix, or {@code null} */
        public String getKeyPrefix() {
            return keyPrefix;
        }

        /** @param keyPrefix the key prefix */
        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }
    }

    /**
     * The properties that are set, as the init parameters the library reads (SPEC §8.3). Sizes
     * are written in bytes and durations in milliseconds, forms the library parses exactly.
     *
     * @return parameter name to value, in a stable order
     */
    public Map<String, String> toInitParameters() {
        Map<String, String> parameters = new LinkedHashMap<>(initParameters);
        put(parameters, CspInitParameters.MAX_MESSAGE_SIZE, maxMessageSize, CspWebSocketProperties::bytes);
        put(parameters, CspInitParameters.SEND_TIMEOUT, sendTimeout, CspWebSocketProperties::millis);
        put(parameters, CspInitParameters.INBOX_CAPACITY, inboxCapacity, CspWebSocketProperties::bytes);
        put(parameters, CspInitParameters.OUTBOX_CAPACITY, outboxCapacity, CspWebSocketProperties::bytes);
        put(parameters, CspInitParameters.SHUTDOWN_TIMEOUT, shutdownTimeout, CspWebSocketProperties::millis);
        put(parameters, CspInitParameters.ALLOWED_ORIGINS, allowedOrigins.isEmpty() ? null : allowedOrigins,
                origins -> String.join(",", origins));
        put(parameters, CspInitParameters.TRUST_FORWARDED_HEADERS, trustForwardedHeaders, String::valueOf);
        put(parameters, CspInitParameters.PING_INTERVAL, pingInterval, CspWebSocketProperties::millis);
        put(parameters, CspInitParameters.IDLE_TIMEOUT, idleTimeout, CspWebSocketProperties::millis);
        // The binding's parameter names, spelled out: csp-websocket-redis is optional here.
        put(parameters, "io.cspwebsocket.cluster.redis", cluster.redis, Function.identity());
        put(parameters, "io.cspwebsocket.cluster.nodeId", cluster.nodeId, Function.identity());
        put(parameters, "io.cspwebsocket.cluster.lease", cluster.lease, CspWebSocketProperties::millis);
        put(parameters, "io.cspwebsocket.cluster.keyPrefix", cluster.keyPrefix, Function.identity());
        return parameters;
    }

    private static <T> void put(Map<String, String> parameters, String name, T value, Function<T, String> format) {
        if (value != null) {
            String previous = parameters.put(name, format.apply(value));
            if (previous != null) {
                throw new IllegalStateException("csp-websocket: " + name + " is set twice, as csp.websocket.init-parameters["
                        + name + "] and by its own csp.websocket property; keep one");
            }
        }
    }

    private static String bytes(DataSize size) {
        return Long.toString(size.toBytes());
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }

    /** @return the largest client message, or {@code null} for the library's default */
    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    /** @param maxMessageSize the largest client message */
    public void setMaxMessageSize(DataSize maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** @return the send timeout, or {@code null} */
    public Duration getSendTimeout() {
        return sendTimeout;
    }

    /** @param sendTimeout the send timeout */
    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    /** @return the inbox capacity, or {@code null} */
    public DataSize getInboxCapacity() {
        return inboxCapacity;
    }

    /** @param inboxCapacity the inbox capacity */
    public void setInboxCapacity(DataSize inboxCapacity) {
        this.inboxCapacity = inboxCapacity;
    }

    /** @return the outbox capacity, or {@code null} */
    public DataSize getOutboxCapacity() {
        return outboxCapacity;
    }

    /** @param outboxCapacity the outbox capacity */
    public void setOutboxCapacity(DataSize outboxCapacity) {
        this.outboxCapacity = outboxCapacity;
    }

    /** @return the shutdown timeout, or {@code null} */
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    /** @param shutdownTimeout the shutdown timeout */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** @return the allowed cross-site origins (empty: none) */
    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    /** @param allowedOrigins the allowed cross-site origins */
    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    /** @return whether forwarded headers are trusted, or {@code null} */
    public Boolean getTrustForwardedHeaders() {
        return trustForwardedHeaders;
    }

    /** @param trustForwardedHeaders whether forwarded headers are trusted */
    public void setTrustForwardedHeaders(Boolean trustForwardedHeaders) {
        this.trustForwardedHeaders = trustForwardedHeaders;
    }

    /** @return the ping interval, or {@code null} */
    public Duration getPingInterval() {
        return pingInterval;
    }

    /** @param pingInterval the ping interval */
    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    /** @return the idle timeout, or {@code null} */
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    /** @param idleTimeout the idle timeout */
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** @return the cluster settings */
    public Cluster getCluster() {
        return cluster;
    }

    /** @return further init parameters by name */
    public Map<String, String> getInitParameters() {
        return initParameters;
    }

    /** @param initParameters further init parameters by name */
    public void setInitParameters(Map<String, String> initParameters) {
        this.initParameters = initParameters;
    }
}
