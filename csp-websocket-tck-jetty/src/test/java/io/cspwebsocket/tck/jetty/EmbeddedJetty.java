package io.cspwebsocket.tck.jetty;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.session.DefaultSessionIdManager;

/**
 * One embedded Jetty 12 server with an HTTP connector and a set of web applications (ee10:
 * Servlet 6.0, Jakarta WebSocket 2.1) deployed into it while it runs, as Jetty's own deployer
 * does: each WAR in a {@link WebAppContext} of its own class loader, with annotation scanning
 * (so the WAR's {@code ServletContainerInitializer}s and their {@code @HandlesTypes} run) and
 * Jetty's Jakarta WebSocket server.
 *
 * <p>Used by the TCK's Arquillian container and by the demo-on-Jetty test. Not thread-safe:
 * one caller at a time (Arquillian deploys one archive at a time).
 */
final class EmbeddedJetty implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedJetty.class.getName());

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();

    /**
     * @param bindAddress the address the connector binds
     * @param port the port, or 0 for a free one
     */
    EmbeddedJetty(String bindAddress, int port) {
        connector.setHost(bindAddress);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(contexts);
        // No JVM shutdown hook: the owner (Arquillian, or the test) stops the server, and its applications with it.
        server.setStopAtShutdown(false);
    }

    /**
     * Adds a bean to the server before it starts, e.g. a {@code LoginService} that web
     * applications find by their realm name.
     *
     * @param bean the bean
     * @return this
     */
    EmbeddedJetty withBean(Object bean) {
        server.addBean(bean);
        return this;
    }

    /**
     * Makes the session cookie hold the session's id alone. By default Jetty appends its worker
     * name ({@code JSESSIONID=<id>.node0}, for a load balancer's session affinity) while
     * {@code HttpSession.getId()}, and so a page's {@code getSessionId()}, is {@code <id>}; a
     * server without a worker name sends {@code <id>}, as Tomcat and Payara do. Jetty accepts
     * either form of the cookie.
     *
     * @return this
     */
    EmbeddedJetty withoutWorkerNameInSessionCookies() {
        DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
        ids.setWorkerName(null); // null means none; left unset, Jetty names the worker node0
        server.addBean(ids, true);
        return this;
    }

    /** Starts the server: the connector listens when this returns. */
    void start() throws Exception {
        server.start();
        LOG.info("Jetty " + Server.getVersion() + " listens on " + connector.getHost() + ":" + port());
    }

    /** @return the port the connector listens on */
    int port() {
        return connector.getLocalPort();
    }

    /**
     * Deploys a WAR file at a context path and starts it.
     *
     * @param war the WAR file
     * @param contextPath the context path ({@code /name}, or {@code /} for the root)
     * @return the started web application
     * @throws Exception if the application did not start: a failing initializer or listener
     *         fails the deployment, it does not leave an application that answers 503
     */
    WebAppContext deploy(Path war, String contextPath) throws Exception {
        WebAppContext webApp = new WebAppContext();
        webApp.setContextPath(contextPath);
        webApp.setWar(war.toAbsolutePath().toString());
        // Named, not left to discovery: without them the WAR's initializers or Jetty's WebSocket server could be
        // missing, and the TCK would test a container nobody runs.
        webApp.addConfiguration(new AnnotationConfiguration(), new JakartaWebSocketConfiguration());
        webApp.setThrowUnavailableOnStartupException(true);
        contexts.addHandler(webApp);
        // Added to a running server, the context would be an unmanaged bean: the server's session id manager looks for
        // session managers among managed beans only, so request.changeSessionId() would not reach this context's
        // session cache and the old id would keep finding the session (seen with SessionVerification's id change).
        contexts.manage(webApp);
        try {
            webApp.start();
        } catch (Exception | Error e) {
            contexts.removeHandler(webApp);
            webApp.destroy();
            throw e;
        }
        LOG.fine(() -> contextPath + " deployed with " + Arrays.toString(webApp.getConfigurationClasses()));
        return webApp;
    }

    /**
     * Stops a deployed application (its {@code contextDestroyed} listeners run, as on undeploy)
     * and removes it.
     *
     * @param webApp an application {@link #deploy} returned
     */
    void undeploy(WebAppContext webApp) throws Exception {
        try {
            webApp.stop();
        } finally {
            contexts.removeHandler(webApp);
            webApp.destroy();
        }
    }

    /** Stops every application and the server. */
    @Override
    public void close() throws Exception {
        server.stop();
        server.destroy();
    }
}
