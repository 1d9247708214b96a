package io.cspwebsocket.tck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The timing and location settings of one TCK run, shared by every verification: how long to
 * wait for an expected event, how long to watch for an event that must not happen, and where
 * the jars under test are.
 *
 * <p>Each setting is read from a system property, so a slow machine or a remote container
 * needs no code change:
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #TIMEOUT_PROPERTY}</td><td>10000</td>
 *       <td>milliseconds to wait for anything that must happen (a message, a close, a server-side fact)</td></tr>
 *   <tr><td>{@value #QUIET_PROPERTY}</td><td>300</td>
 *       <td>milliseconds to watch for something that must not happen (a second {@code onPostServer})</td></tr>
 *   <tr><td>{@value #SHUTDOWN_PROPERTY}</td><td>30000</td>
 *       <td>milliseconds an undeploy may take to close sockets and stop page threads (SPEC §10)</td></tr>
 *   <tr><td>{@value #HOST_PROPERTY}</td><td>127.0.0.1</td>
 *       <td>the host the client connects to, whatever host the container reports</td></tr>
 *   <tr><td>{@value #LIB_DIR_PROPERTY}</td><td>(required)</td>
 *       <td>directory holding the built csp-websocket-api and csp-websocket-impl jars</td></tr>
 *   <tr><td>{@value #DEPLOYMENT_ROOT_PROPERTY}{@code <name>}</td><td>(unset)</td>
 *       <td>set by a container adapter, not by hand: the root URL of deployment {@code <name>}, where
 *       a test's deployments do not share one host and port (see
 *       {@link io.cspwebsocket.tck.support.VerificationBase#deploymentRoot(String)})</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe. Waiting is always polling with a deadline, never
 * a sleep that stands in for a condition.
 */
public final class TckEnvironment {

    /** System property: default wait for expected events, in milliseconds. */
    public static final String TIMEOUT_PROPERTY = "io.cspwebsocket.tck.timeout";
    /** System property: how long to watch for unexpected events, in milliseconds. */
    public static final String QUIET_PROPERTY = "io.cspwebsocket.tck.quietPeriod";
    /** System property: the bound on an undeploy's cleanup, in milliseconds. */
    public static final String SHUTDOWN_PROPERTY = "io.cspwebsocket.tck.shutdownTimeout";
    /** System property: the host clients connect to. */
    public static final String HOST_PROPERTY = "io.cspwebsocket.tck.host";
    /** System property: the directory holding the api and impl jars to deploy. */
    public static final String LIB_DIR_PROPERTY = "io.cspwebsocket.tck.libDir";
    /**
     * System property prefix: followed by a deployment's archive name (without {@code .war}), the
     * root URL where the container serves it, set by container adapters whose deployments each get
     * a server of their own (one Spring Boot application per archive).
     */
    public static final String DEPLOYMENT_ROOT_PROPERTY = "io.cspwebsocket.tck.deploymentRoot.";

    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private final Duration timeout;
    private final Duration quietPeriod;
    private final Duration shutdownTimeout;
    private final String host;

    /**
     * Creates an environment with explicit settings.
     *
     * @param timeout how long to wait for an expected event
     * @param quietPeriod how long to watch for an event that must not happen
     * @param shutdownTimeout how long an undeploy may take to clean up
     * @param host the host clients connect to
     */
    public TckEnvironment(Duration timeout, Duration quietPeriod, Duration shutdownTimeout, String host) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.quietPeriod = Objects.requireNonNull(quietPeriod, "quietPeriod");
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        this.host = Objects.requireNonNull(host, "host");
    }

    /**
     * Reads the settings from the system properties, with the defaults in the class comment.
     *
     * @return the environment of this run
     */
    public static TckEnvironment fromSystemProperties() {
        return new TckEnvironment(
                Duration.ofMillis(Long.getLong(TIMEOUT_PROPERTY, 10_000)),
                Duration.ofMillis(Long.getLong(QUIET_PROPERTY, 300)),
                Duration.ofMillis(Long.getLong(SHUTDOWN_PROPERTY, 30_000)),
                System.getProperty(HOST_PROPERTY, "127.0.0.1"));
    }

    /** @return how long to wait for anything that must happen */
    public Duration timeout() {
        return timeout;
    }

    /** @return how long to watch for something that must not happen */
    public Duration quietPeriod() {
        return quietPeriod;
    }

    /** @return how long an undeploy may take to close sockets and stop threads */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** @return the host clients connect to (loopback by default) */
    public String host() {
        return host;
    }

    /**
     * The directory holding {@code csp-websocket-api*.jar} and {@code csp-websocket-impl*.jar},
     * filled by the build (maven-dependency-plugin) and named by {@value #LIB_DIR_PROPERTY}.
     *
     * @return the directory
     * @throws IllegalStateException if the property is not set
     */
    public static Path libDir() {
        String dir = System.getProperty(LIB_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("system property " + LIB_DIR_PROPERTY
                    + " is not set: it must name the directory holding the built csp-websocket-api"
                    + " and csp-websocket-impl jars (the TCK deploys them in WEB-INF/lib)");
        }
        return Path.of(dir);
    }

    /**
     * Polls until the condition holds or {@link #timeout()} passes.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     * @throws AssertionError if the condition does not hold in time
     */
    public void await(String what, BooleanSupplier condition) {
        await(what, timeout, condition);
    }

    /**
     * Polls until the condition holds or the given time passes.
     *
     * @param what what is awaited, for the failure message
     * @param limit how long to wait
     * @param condition the condition
     * @throws AssertionError if the condition does not hold in time
     */
    public void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what
                        + " (raise -D" + TIMEOUT_PROPERTY + " on a slow machine)");
            }
            pause();
        }
    }

    /**
     * Polls a value until it is non-null or {@link #timeout()} passes.
     *
     * @param <T> the value type
     * @param what what is awaited, for the failure message
     * @param value supplies the value, or {@code null} while it is not there yet
     * @return the first non-null value
     * @throws AssertionError if no value comes in time
     */
    public <T> T awaitValue(String what, Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            T current = value.get();
            if (current != null) {
                return current;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            pause();
        }
    }

    /**
     * Checks that a condition keeps holding for the whole {@link #quietPeriod()}.
     *
     * @param what what must keep holding, for the failure message
     * @param condition the condition
     * @throws AssertionError as soon as the condition is false
     */
    public void assertStays(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + quietPeriod.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("expected " + what + " to keep holding, but it did not");
            }
            pause();
        } while (System.nanoTime() - deadline < 0);
        if (!condition.getAsBoolean()) {
            throw new AssertionError("expected " + what + " to keep holding, but it did not");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }

    @Override
    public String toString() {
        return "TckEnvironment[timeout=" + timeout.toMillis() + "ms, quiet=" + quietPeriod.toMillis()
                + "ms, shutdown=" + shutdownTimeout.toMillis() + "ms, host=" + host + "]";
    }
}
