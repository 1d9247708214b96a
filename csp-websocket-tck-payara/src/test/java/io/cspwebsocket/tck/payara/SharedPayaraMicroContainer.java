package io.cspwebsocket.tck.payara;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import io.cspwebsocket.tck.support.StallDiagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * One Payara Micro process for a whole test run, started through arquillian-payara-micro-managed
 * and configured by its {@code arquillian.xml} properties.
 *
 * <p>That adapter starts a new Payara Micro process for every deployment (about 9 s on an idle
 * 2-core machine, far more under load) and ends it by killing the process. A second deployment of
 * one test class ({@code Deployer}, {@code managed = false}) then lands in a second process, on
 * another port, whose undeploy is a process kill: the TCK's undeploy (SPEC §10) and allow-all
 * (§8.2) tests cannot run that way. Here the adapter starts Payara Micro once, in
 * {@link #start()}, with a small helper application ({@link PayaraDeployerServlet}); every
 * archive is then deployed into and undeployed from that running server through Payara Micro's
 * own runtime API, as on a real Payara server, and {@link #stop()} ends the process and waits for
 * it to exit.
 *
 * <p>The reported deployment URL uses 127.0.0.1 (the HTTP listener is bound to loopback only);
 * the adapter would report the machine's interface address.
 */
public final class SharedPayaraMicroContainer implements DeployableContainer<PayaraMicroContainerConfiguration> {

    private static final Logger LOG = Logger.getLogger(SharedPayaraMicroContainer.class.getName());
    private static final String LOOPBACK = "127.0.0.1";
    private static final String HELPER = "csp-tck-payara-deployer";
    /** Bound on one deploy or undeploy in the running server (a loaded shared machine is slow). */
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(Long.getLong("payara.operationTimeoutInSeconds", 180));
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final PayaraMicroDeployableContainer launcher = new PayaraMicroDeployableContainer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private WebArchive helperWar;
    private int port;
    private URI deployer;
    private ProcessHandle server;

    /** Created by Arquillian. */
    public SharedPayaraMicroContainer() {
    }

    @Override
    public Class<PayaraMicroContainerConfiguration> getConfigurationClass() {
        return PayaraMicroContainerConfiguration.class;
    }

    @Override
    public void setup(PayaraMicroContainerConfiguration configuration) {
        launcher.setup(configuration);
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return launcher.getDefaultProtocol();
    }

    @Override
    public void start() throws LifecycleException {
        helperWar = ShrinkWrap.create(WebArchive.class, HELPER + ".war").addClass(PayaraDeployerServlet.class);
        ProtocolMetaData started;
        try {
            started = launcher.deploy(helperWar);
        } catch (DeploymentException | RuntimeException e) {
            stopQuietly(); // the adapter leaves a process that did not start in time running
            throw new LifecycleException("Payara Micro did not start (see its output above)", e);
        }
        Optional<HTTPContext> context = started == null ? Optional.empty()
                : started.getContexts(HTTPContext.class).stream().findFirst();
        if (context.isEmpty()) {
            stopQuietly();
            throw new LifecycleException("Payara Micro did not start (see its output above)");
        }
        port = context.get().getPort();
        deployer = URI.create("http://" + LOOPBACK + ":" + port + "/" + HELPER + "/deployer");
        try {
            long pid = Long.parseLong(call(HttpRequest.newBuilder(query("pid", null)).GET(), "pid").trim());
            server = ProcessHandle.of(pid).orElseThrow(() -> new LifecycleException("Payara Micro process " + pid + " is gone"));
        } catch (DeploymentException | NumberFormatException e) {
            stopQuietly();
            throw new LifecycleException("Payara Micro started, but its helper application does not answer at " + deployer, e);
        }
        LOG.info("Payara Micro (pid " + server.pid() + ") serves this test run on " + LOOPBACK + ":" + port);
        // A stall in a test (a handshake that never finishes) then dumps Payara's threads too.
        System.setProperty(StallDiagnostics.SERVER_PID_PROPERTY, Long.toString(server.pid()));
    }

    @Override
    public void stop() throws LifecycleException {
        stopQuietly();
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = nameOf(archive);
        try (InputStream zip = archive.as(ZipExporter.class).exportAsInputStream()) {
            byte[] bytes = zip.readAllBytes();
            call(HttpRequest.newBuilder(query("deploy", name))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), "deploy " + name);
        } catch (IOException e) {
            throw new DeploymentException("cannot export " + archive.getName(), e);
        }
        HTTPContext context = new HTTPContext(LOOPBACK, port);
        context.add(new Servlet("default", "/" + name));
        return new ProtocolMetaData().addContext(context);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        String name = nameOf(archive);
        call(HttpRequest.newBuilder(query("undeploy", name)).POST(HttpRequest.BodyPublishers.noBody()), "undeploy " + name);
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

    private URI query(String op, String name) {
        return URI.create(deployer + "?op=" + op + (name == null ? "" : "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)));
    }

    private String call(HttpRequest.Builder request, String what) throws DeploymentException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(OPERATION_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeploymentException(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(what + " interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new DeploymentException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Ends the process the adapter started (it only signals it) and waits, bounded, for its exit. */
    private void stopQuietly() {
        if (helperWar == null) {
            return;
        }
        try {
            launcher.undeploy(helperWar); // signals the process (and drops the adapter's shutdown hook)
        } catch (DeploymentException | RuntimeException e) {
            LOG.warning("stopping Payara Micro: " + e);
        }
        helperWar = null;
        ProcessHandle process = server;
        server = null;
        if (process == null) {
            return;
        }
        try {
            process.onExit().get(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warning("Payara Micro (pid " + process.pid() + ") did not exit within " + EXIT_TIMEOUT.toSeconds()
                    + " s: killing it");
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
