package io.cspwebsocket.tck.support;

import io.cspwebsocket.tck.TckClient;
import io.cspwebsocket.tck.TckEnvironment;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterEach;

/**
 * What every verification shares: the deployment's URL (injected by Arquillian), the
 * {@link TckEnvironment}, page URIs, the {@link TckProbe}, and the clients a test opened, each
 * checked with {@link TckClient#assertExhausted()} and dropped after the test. Internal TCK
 * use only.
 */
public abstract class VerificationBase {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The settings of this run. */
    protected final TckEnvironment env = TckEnvironment.fromSystemProperties();

    /** The deployment's root URL, injected by Arquillian. */
    @ArquillianResource
    protected URL deploymentUrl;

    private final List<TckClient> clients = new ArrayList<>();
    private final List<TckClient> lenient = new ArrayList<>();

    /** For subclasses. */
    protected VerificationBase() {
    }

    /** Fails the test if a client got events the test did not take; drops every connection. */
    @AfterEach
    protected void checkClients() {
        AssertionError failure = null;
        try {
            for (TckClient client : clients) {
                if (lenient.contains(client)) {
                    continue;
                }
                try {
                    client.assertExhausted();
                } catch (AssertionError e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } finally {
            clients.forEach(TckClient::abort);
            clients.clear();
            lenient.clear();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** @return the deployment's root as {@code http://<env host>:<port>/<context>/} */
    protected URI contextRoot() {
        return contextRoot(deploymentUrl);
    }

    /**
     * @param url a deployment URL reported by the container
     * @return the same root on the environment's host (loopback by default), ending in {@code /}
     */
    protected URI contextRoot(URL url) {
        if (url == null) {
            throw new IllegalStateException("Arquillian injected no deployment URL: is the concrete class annotated"
                    + " @ExtendWith(ArquillianExtension.class) with a @Deployment(testable = false)?");
        }
        String path = url.getPath().endsWith("/") ? url.getPath() : url.getPath() + "/";
        try {
            return new URI("http", null, env.host(), url.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The root of another deployment of the same test (one that the test deploys itself through
     * Arquillian's {@code Deployer}), on the environment's host. Where the container adapter
     * reports it (system property {@link TckEnvironment#DEPLOYMENT_ROOT_PROPERTY} followed by the
     * name), that URL: an adapter does so when each deployment gets a server of its own, as a
     * Spring Boot application does. Otherwise the deployment is beside this one, in the same server:
     * {@code <this root>/../<name>/}.
     *
     * @param name the archive name, without {@code .war}
     * @return the deployment's root, ending in {@code /}
     */
    protected URI deploymentRoot(String name) {
        String reported = System.getProperty(TckEnvironment.DEPLOYMENT_ROOT_PROPERTY + name);
        if (reported == null) {
            return contextRoot().resolve("../" + name + "/");
        }
        try {
            return contextRoot(new URL(reported));
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException("the container reported a malformed root for " + name + ": " + reported, e);
        }
    }

    /**
     * The {@code ws://} URI of a page in the default CSP application {@code /csp/user}.
     *
     * @param cspName the CSP class name
     * @param query the query string without {@code ?}, or {@code null}
     * @return the URI
     */
    protected URI page(String cspName, String query) {
        return page("/csp/user", cspName, query);
    }

    /**
     * The {@code ws://} URI of a page.
     *
     * @param application the CSP application path, starting with {@code /}
     * @param cspName the CSP class name
     * @param query the query string without {@code ?}, or {@code null}
     * @return the URI
     */
    protected URI page(String application, String cspName, String query) {
        return page(contextRoot(), application, cspName, query);
    }

    /**
     * The {@code ws://} URI of a page of a given deployment.
     *
     * @param root the deployment's root, from {@link #contextRoot(URL)}
     * @param application the CSP application path, starting with {@code /}
     * @param cspName the CSP class name
     * @param query the query string without {@code ?}, or {@code null}
     * @return the URI
     */
    protected URI page(URI root, String application, String cspName, String query) {
        String path = root.getPath() + application.substring(1) + "/" + cspName + ".cls";
        return URI.create("ws://" + root.getHost() + ":" + root.getPort() + path + (query == null ? "" : "?" + query));
    }

    /** @return a probe of this deployment */
    protected TckProbe probe() {
        return new TckProbe(env, contextRoot());
    }

    /** @return a fresh random token that keys one test's server-side facts */
    protected static String token() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "tck" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Opens a tracked connection.
     *
     * @param uri the page URI
     * @return the open client
     */
    protected TckClient connect(URI uri) {
        return track(TckClient.connect(env, uri));
    }

    /**
     * Tracks a client opened with {@link TckClient#to}: it is checked and dropped after the test.
     *
     * @param client the client
     * @return the client
     */
    protected TckClient track(TckClient client) {
        clients.add(client);
        return client;
    }

    /**
     * Drops a client now and exempts it from the end-of-test check (for tests that leave
     * messages unread on purpose).
     *
     * @param client the client
     */
    protected void discard(TckClient client) {
        lenient.add(client);
        client.abort();
    }

    /** How long one send must stay incomplete to count as held off by back-pressure. */
    protected static final java.time.Duration STALL = java.time.Duration.ofSeconds(4);

    /**
     * Sends {@code message} again and again until one send does not complete within
     * {@link #STALL} (the page's back-pressure has reached the client), or {@code budget} chars
     * were sent. A send that is slow but completes (a GC pause, a busy machine) is not a stall:
     * sending goes on.
     *
     * @param client the client
     * @param message what to send each time
     * @param budget the most chars to send
     * @return the chars sent before the stall, or -1 if no send stalled within the budget
     */
    protected static long sendUntilStalled(TckClient client, String message, long budget) {
        long sent = 0;
        try {
            while (sent < budget) {
                try {
                    client.sendAsync(message, true).get(STALL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stalled) {
                    return sent;
                }
                sent += message.length();
            }
            return -1;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a send to a page that does not read failed instead of stalling: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
