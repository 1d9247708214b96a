package io.cspwebsocket.tck.jetty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * An Arquillian container that runs the TCK's archives in one embedded Jetty 12 (ee10) server
 * per test run, in the test JVM. There is no Arquillian adapter for Jetty 12 in the reachable
 * registry; this one does only what the TCK needs.
 *
 * <p>{@link #start()} starts the server (loopback, a free port unless configured) with the
 * realm of {@code ContainerLoginVerification} ({@link TckUsers}) and session cookies without
 * Jetty's worker-name suffix ({@link EmbeddedJetty#withoutWorkerNameInSessionCookies()}).
 * Each archive is written as a WAR file and deployed at {@code /<archive name>} with Jetty's
 * annotation scanning and Jakarta WebSocket server, as Jetty deploys a WAR dropped into
 * {@code webapps/}; undeploy stops that application alone, so two deployments of one test see
 * each other (SPEC §8.2 allow-all, §10 undeploy). Deployments are testable = false: the
 * reported context is only the URL the tests connect to.
 */
public final class EmbeddedJettyContainer implements DeployableContainer<JettyContainerConfiguration> {

    private final Map<String, WebAppContext> deployed = new HashMap<>();
    private JettyContainerConfiguration configuration;
    private EmbeddedJetty jetty;

    /** Created by Arquillian. */
    public EmbeddedJettyContainer() {
    }

    @Override
    public Class<JettyContainerConfiguration> getConfigurationClass() {
        return JettyContainerConfiguration.class;
    }

    @Override
    public void setup(JettyContainerConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // Arquillian's built-in protocol: no test is run inside the server (all deployments are testable = false).
        return new ProtocolDescription("Local");
    }

    @Override
    public void start() throws LifecycleException {
        EmbeddedJetty server = new EmbeddedJetty(configuration.getBindAddress(), configuration.getBindHttpPort())
                .withBean(TckUsers.loginService())
                // The TCK compares a page's getSessionId() with the JSESSIONID cookie (SPEC §7.1).
                .withoutWorkerNameInSessionCookies();
        try {
            server.start();
        } catch (Exception e) {
            closeQuietly(server);
            throw new LifecycleException("embedded Jetty did not start", e);
        }
        jetty = server;
    }

    @Override
    public void stop() throws LifecycleException {
        EmbeddedJetty server = jetty;
        jetty = null;
        deployed.clear();
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                throw new LifecycleException("embedded Jetty did not stop", e);
            }
        }
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = nameOf(archive);
        if (deployed.containsKey(name)) {
            throw new DeploymentException(name + " is already deployed");
        }
        Path war;
        try {
            Path dir = Files.createDirectories(Path.of(configuration.getDeploymentDir()));
            war = dir.resolve(name + ".war");
            archive.as(ZipExporter.class).exportTo(war.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new DeploymentException("cannot write " + archive.getName(), e);
        }
        try {
            deployed.put(name, jetty.deploy(war, "/" + name));
        } catch (Exception e) {
            throw new DeploymentException("Jetty did not start " + name + " (see its log above)", e);
        }
        HTTPContext context = new HTTPContext(configuration.getBindAddress(), jetty.port());
        context.add(new Servlet("default", "/" + name));
        return new ProtocolMetaData().addContext(context);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        WebAppContext webApp = deployed.remove(nameOf(archive));
        if (webApp == null) {
            return; // its deploy failed, and was reported then
        }
        try {
            jetty.undeploy(webApp);
        } catch (Exception e) {
            throw new DeploymentException("Jetty did not stop " + archive.getName(), e);
        }
    }

    @Override
    public void deploy(Descriptor descriptor) throws DeploymentException {
        throw new UnsupportedOperationException("descriptors are not deployed");
    }

    @Override
    public void undeploy(Descriptor descriptor) throws DeploymentException {
        throw new UnsupportedOperationException("descriptors are not deployed");
    }

    private static String nameOf(Archive<?> archive) {
        String file = archive.getName();
        return file.endsWith(".war") ? file.substring(0, file.length() - 4) : file;
    }

    private static void closeQuietly(EmbeddedJetty server) {
        try {
            server.close();
        } catch (Exception e) {
            // the start failure is what is reported
        }
    }
}
