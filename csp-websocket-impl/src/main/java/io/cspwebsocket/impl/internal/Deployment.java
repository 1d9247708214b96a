package io.cspwebsocket.impl.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Wires an application into a servlet context: the servlet that is the pages' one way in, the
 * endpoints it upgrades to, and the listeners that follow sessions and shut the application down.
 *
 * <p>The pages' URLs belong to {@link PageUpgradeServlet}, mapped at their exact paths: the
 * container maps every spelling of a page's URL, runs the application's filters, and only then
 * hands the request to the library (SPEC §8.3). The endpoints are registered at
 * {@linkplain #internalPath internal paths} only because Tyrus finds the endpoint of
 * {@code upgradeHttpToWebSocket} by its registered path; their configurators refuse every
 * handshake the servlet did not prepare.
 *
 * <p>Servlets and listeners must be added during {@code onStartup} (a listener added by an
 * initializer gets a restricted context). The endpoints are added at once if the container's
 * {@code ServerContainer} is already there, else from {@code contextInitialized}: on some
 * containers it appears only after every initializer ran.
 */
public final class Deployment implements ServletContextListener {

    private static final String SERVER_CONTAINER = ServerContainer.class.getName();
    /** Prefix of the paths the endpoints are registered at; never a page's URL (§8.3). */
    static final String INTERNAL_PREFIX = "/csp-websocket.internal";

    private final CspApplication application;
    private final Map<String, ServerEndpointConfig> endpoints;
    private boolean endpointsAdded;

    private Deployment(CspApplication application) {
        this.application = application;
        Map<String, ServerEndpointConfig> byPage = new LinkedHashMap<>();
        for (PageDescriptor page : application.mapper().pages()) {
            byPage.put(page.path(), endpointConfig(application, page, internalPath(page), true));
        }
        this.endpoints = Map.copyOf(byPage);
    }

    /**
     * Installs the application into a starting servlet context.
     *
     * @param context the context, during {@code ServletContainerInitializer.onStartup}
     * @param application the application to serve
     * @throws IllegalStateException if another servlet already claims a page's URL
     */
    public static void install(ServletContext context, CspApplication application) {
        Deployment deployment = new Deployment(application);
        String[] paths = application.mapper().pages().stream().map(PageDescriptor::path).toArray(String[]::new);
        ServletRegistration.Dynamic servlet = context.addServlet("csp-websocket-pages",
                new PageUpgradeServlet(application, deployment.endpoints));
        if (servlet == null) {
            throw new IllegalStateException("csp-websocket: a servlet named csp-websocket-pages already exists in "
                    + context.getContextPath());
        }
        servlet.setAsyncSupported(true);
        Set<String> taken = servlet.addMapping(paths);
        if (!taken.isEmpty()) {
            throw new IllegalStateException("csp-websocket: the page URL(s) " + taken
                    + " are already mapped to another servlet in " + context.getContextPath());
        }
        context.addListener(new SessionListener(application));
        deployment.addEndpointsIfReady(context);
        context.addListener(deployment);
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        addEndpointsIfReady(event.getServletContext());
        if (!endpointsAdded) {
            throw new IllegalStateException("csp-websocket: the container has no WebSocket support "
                    + "(no " + SERVER_CONTAINER + " attribute) in " + event.getServletContext().getContextPath());
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        application.shutdown();
    }

    private synchronized void addEndpointsIfReady(ServletContext context) {
        if (endpointsAdded) {
            return;
        }
        Object container = context.getAttribute(SERVER_CONTAINER);
        if (!(container instanceof ServerContainer serverContainer)) {
            return;
        }
        for (ServerEndpointConfig config : endpoints.values()) {
            try {
                serverContainer.addEndpoint(config);
            } catch (DeploymentException e) {
                throw new IllegalStateException("csp-websocket: cannot serve " + config.getPath() + ": "
                        + e.getMessage(), e);
            }
        }
        endpointsAdded = true;
    }

    /**
     * @param page a page
     * @return where its endpoint is registered in the container: not its URL, which is the servlet's
     */
    static String internalPath(PageDescriptor page) {
        return INTERNAL_PREFIX + page.path();
    }

    /**
     * The endpoints of a server without a servlet layer, at the pages' own paths.
     *
     * @param application the application
     * @return one endpoint configuration per page, each with its own configurator
     */
    public static Set<ServerEndpointConfig> standaloneEndpointConfigs(CspApplication application) {
        Set<ServerEndpointConfig> configs = new LinkedHashSet<>();
        for (PageDescriptor page : application.mapper().pages()) {
            configs.add(endpointConfig(application, page, page.path(), false));
        }
        return configs;
    }

    private static ServerEndpointConfig endpointConfig(CspApplication application, PageDescriptor page, String path,
                                                       boolean servletLayer) {
        return ServerEndpointConfig.Builder.create(JakartaEndpointAdapter.class, path)
                .configurator(new PageEndpointConfigurator(application, page, servletLayer))
                .subprotocols(page.subprotocols())
                .build();
    }
}
