package io.cspwebsocket.tck.springboot;

import io.cspwebsocket.tck.TckEnvironment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;

/**
 * An Arquillian container whose deployments are Spring Boot applications: {@link #deploy(Archive)}
 * turns the TCK's WAR into a {@link BootApplication} on embedded Tomcat with the starter, on a port
 * of its own, at context path {@code /<archive name>}; {@link #undeploy(Archive)} closes its
 * application context, which is how a Boot application stops.
 *
 * <p>Each application is a server of its own, so a test's second deployment (the TCK's undeploy
 * and allow-all tests deploy one themselves) is not beside the first on one port: the container
 * reports its root in system property {@link TckEnvironment#DEPLOYMENT_ROOT_PROPERTY}{@code <name>}
 * while it is deployed. Both run in this JVM, so the facts a page leaves on the TCK's JVM-wide
 * board outlive its application, as in one server.
 *
 * <p>There is no server to start: {@link #start()} does nothing, and {@link #stop()} closes
 * whatever a test left deployed. Only client-side tests ({@code testable = false}) are supported.
 */
public final class SpringBootDeployableContainer implements DeployableContainer<SpringBootContainerConfiguration> {

    private static final Logger LOG = Logger.getLogger(SpringBootDeployableContainer.class.getName());

    private final Map<String, BootApplication> running = new ConcurrentHashMap<>();
    private SpringBootContainerConfiguration configuration;

    /** Created by Arquillian. */
    public SpringBootDeployableContainer() {
    }

    @Override
    public Class<SpringBootContainerConfiguration> getConfigurationClass() {
        return SpringBootContainerConfiguration.class;
    }

    @Override
    public void setup(SpringBootContainerConfiguration configuration) {
        this.configuration = configuration;
    }

    /** Arquillian's in-JVM protocol: the TCK's tests are clients, nothing runs inside the application. */
    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    @Override
    public void start() throws LifecycleException {
        // Each deployment starts its own embedded Tomcat.
    }

    @Override
    public void stop() throws LifecycleException {
        for (String name : Map.copyOf(running).keySet()) {
            try {
                stopApplication(name);
            } catch (DeploymentException e) {
                throw new LifecycleException("cannot stop " + name, e);
            }
        }
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = nameOf(archive);
        if (running.containsKey(name)) {
            throw new DeploymentException(name + " is already deployed");
        }
        BootApplication application = BootApplication.start(name, ExplodedWar.explode(archive), configuration);
        running.put(name, application);
        String root = "http://" + configuration.bindAddress() + ":" + application.port() + "/" + name + "/";
        System.setProperty(TckEnvironment.DEPLOYMENT_ROOT_PROPERTY + name, root);
        LOG.info("Spring Boot application " + name + " serves " + root);
        HTTPContext context = new HTTPContext(configuration.bindAddress(), application.port());
        context.add(new Servlet("default", "/" + name));
        return new ProtocolMetaData().addContext(context);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        stopApplication(nameOf(archive));
    }

    private void stopApplication(String name) throws DeploymentException {
        BootApplication application = running.remove(name);
        if (application == null) {
            return;
        }
        System.clearProperty(TckEnvironment.DEPLOYMENT_ROOT_PROPERTY + name);
        application.close();
    }

    private static String nameOf(Archive<?> archive) {
        String file = archive.getName();
        return file.endsWith(".war") ? file.substring(0, file.length() - 4) : file;
    }
}
