package io.cspwebsocket.tck.memory;

import io.cspwebsocket.tck.TckDeployments;
import io.cspwebsocket.tck.support.TckWire;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.test.api.Deployer;

/**
 * One verification class's run in memory, as one server: the class's own WAR (its name and
 * context parameters, as the class's {@code @Deployment} builds it for a container) deployed at
 * {@link #start}, the WARs the class deploys itself through a {@link Deployer}, and the wire of
 * every {@code TckClient}, which reaches each WAR by its context path, until {@link #stop}.
 */
final class InMemoryRun {

    /** Where the deployments are said to be; nothing listens there, only paths (and the port, for Origin checks) matter. */
    private static final String SERVER = "http://127.0.0.1:8080/";

    private static final Map<String, InMemoryDeployment> DEPLOYED = new ConcurrentHashMap<>();
    private static volatile String managed;

    private InMemoryRun() {
    }

    /** Deploys the standard WAR ({@code TckDeployments.war()}) and installs the wire. */
    static void start() {
        start(TckDeployments.DEFAULT_NAME, Map.of());
    }

    /**
     * Deploys the class's WAR and installs the wire.
     *
     * @param name the archive name (context path)
     * @param contextParams its context parameters
     */
    static void start(String name, Map<String, String> contextParams) {
        deploy(name, contextParams);
        managed = name;
        TckWire.install(new InMemoryTckWire(DEPLOYED::get));
    }

    /** @return the root URL of the class's WAR, as Arquillian injects it */
    static URL root() {
        return root(Objects.requireNonNull(managed, "InMemoryRun.start() first"));
    }

    private static URL root(String name) {
        try {
            return new URL(SERVER + name + "/");
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /**
     * A {@link Deployer} for the WARs a verification deploys itself ({@code @Deployment(managed = false)}).
     *
     * @param unmanaged the context parameters of each such WAR, by name
     * @return the deployer
     */
    static Deployer deployer(Map<String, Map<String, String>> unmanaged) {
        return new Deployer() {
            @Override
            public void deploy(String name) {
                Map<String, String> params = unmanaged.get(name);
                if (params == null) {
                    throw new IllegalArgumentException("no unmanaged deployment " + name + "; known: " + unmanaged.keySet());
                }
                InMemoryRun.deploy(name, params);
            }

            @Override
            public void undeploy(String name) {
                InMemoryDeployment deployment = DEPLOYED.remove(name);
                if (deployment == null) {
                    throw new IllegalStateException(name + " is not deployed");
                }
                try {
                    deployment.undeploy();
                } catch (AssertionError abandoned) {
                    // A container logs the page threads it abandoned at the shutdown timeout and
                    // finishes the undeploy; what became of them is the verification's to check.
                    System.getLogger(InMemoryRun.class.getName()).log(System.Logger.Level.WARNING,
                            "undeploy of " + name + ": " + abandoned.getMessage());
                }
            }

            @Override
            public InputStream getDeployment(String name) {
                throw new UnsupportedOperationException("no archive in memory: " + name);
            }
        };
    }

    private static void deploy(String name, Map<String, String> contextParams) {
        if (DEPLOYED.containsKey(name)) {
            throw new IllegalStateException(name + " is deployed already");
        }
        DEPLOYED.put(name, InMemoryDeployment.deploy(name, contextParams));
    }

    /** Uninstalls the wire and undeploys every WAR (a page thread left behind fails the class). */
    static void stop() {
        TckWire.uninstall();
        managed = null;
        AssertionError failure = null;
        for (String name : DEPLOYED.keySet()) {
            InMemoryDeployment deployment = DEPLOYED.remove(name);
            try {
                deployment.undeploy();
            } catch (AssertionError e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
