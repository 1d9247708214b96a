package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.ShutdownPage;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10, shutdown: undeploying the application closes every socket with 1001, runs each
 * {@code onPostServer}, stops the page threads the library started (abandoning, after a
 * bounded wait, a page that ignores 7951), and does so in bounded time.
 *
 * <p>The test deploys and undeploys a second WAR through Arquillian's {@link Deployer}; facts
 * about it are read through the standard deployment's probe (the {@code JvmBoard}), so both
 * must run in one server JVM. The concrete class declares both deployments:
 * <pre>{@code
 * @Deployment(testable = false)
 * static WebArchive war() { return TckDeployments.war(); }
 *
 * @Deployment(name = ShutdownVerification.UNDEPLOYABLE, managed = false, testable = false)
 * static WebArchive undeployable() { return ShutdownVerification.undeployableWar(); }
 * }</pre>
 *
 * <p>Not covered: stopping the whole server (Arquillian keeps one container for the run) and
 * class-loader leaks (a collectable class loader cannot be proven within a bounded test
 * without forcing garbage collection).
 */
public abstract class ShutdownVerification extends VerificationBase {

    /** Name (and context path) of the deployment this verification undeploys. */
    public static final String UNDEPLOYABLE = "csp-tck-undeploy";

    /**
     * Context parameters of {@link #undeployableWar()}: a short shutdown wait, so that the page
     * that ignores 7951 is abandoned quickly (a library without this parameter ignores it).
     */
    public static final Map<String, String> CONTEXT_PARAMS = Map.of("io.cspwebsocket.shutdownTimeout", "2s");

    /** Arquillian's deployer, for the unmanaged deployment. */
    @ArquillianResource
    protected Deployer deployer;

    /** For the concrete run. */
    protected ShutdownVerification() {
    }

    /** @return the WAR deployed and undeployed by the test, named {@value #UNDEPLOYABLE} */
    public static org.jboss.shrinkwrap.api.spec.WebArchive undeployableWar() {
        return TckDeployments.war(UNDEPLOYABLE, CONTEXT_PARAMS);
    }

    /**
     * §10: undeploy closes every socket with 1001, runs each {@code onPostServer}, and ends
     * the page threads; a page that ignores 7951 does not hold the undeploy beyond a bound.
     *
     * <p>If this test fails, check the {@code contextDestroyed} (or initializer-registered
     * listener) of the adapter: close each connection with GOING_AWAY, wake readers, wait for
     * the page threads with a deadline, interrupt and log the ones that do not finish, and
     * shut down the library's executors.
     */
    @Test
    public void required_spec10_undeployClosesSocketsWith1001AndStopsPageThreads() {
        assertTrue(deployer != null, "Arquillian injected no Deployer");
        deployer.deploy(UNDEPLOYABLE);
        boolean undeployed = false;
        try {
            URI root = deploymentRoot(UNDEPLOYABLE);
            List<String> tokens = new ArrayList<>();
            List<TckClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String token = token();
                tokens.add(token);
                TckClient client = track(TckClient.connect(env, page(root, "/csp/user", ShutdownPage.NAME, "t=" + token)));
                client.awaitText("ready");
                client.send("echo");
                client.awaitText("echo");
                clients.add(client);
            }
            String stubbornToken = token();
            TckClient stubborn = track(TckClient.connect(env,
                    page(root, "/csp/user", ShutdownPage.NAME, "t=" + stubbornToken + "&stubborn=1")));
            stubborn.awaitText("ready");

            long start = System.nanoTime();
            deployer.undeploy(UNDEPLOYABLE);
            undeployed = true;
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(env.shutdownTimeout()) < 0,
                    () -> "undeploy took " + took.toMillis() + " ms with a page that ignores 7951");

            for (TckClient client : clients) {
                assertEquals(1001, client.awaitClose().code(), "close code on undeploy");
            }
            assertEquals(1001, stubborn.awaitClose().code(), "close code on undeploy of a page that ignores 7951");

            TckProbe probe = probe();
            for (String token : tokens) {
                assertEquals("1001", probe.jvm(token + ".post"), "onPostServer must have run, seeing 1001, by the end of undeploy");
                env.await("the page thread of " + token + " to end", env.shutdownTimeout(),
                        () -> "ended".equals(probe.jvm(token + ".thread")));
            }
        } finally {
            if (!undeployed) {
                deployer.undeploy(UNDEPLOYABLE);
            }
        }
    }
}
