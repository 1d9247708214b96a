package io.cspwebsocket.impl.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Wires an application into a servlet context: the handshake filter, the endpoints, and the
 * listener that shuts the application down on undeploy.
 *
 * <p>Filters and listeners must be added during {@code onStartup} (a listener added by an
 * initializer gets a restricted context). The endpoints are added at once if the container's
 * {@code ServerContainer} is already there, else from {@code contextInitialized}: on some
 * containers it appears only after every initializer ran.
 */
public final class Deployment implements ServletContextListener {

    private static final String SERVER_CONTAINER = ServerContainer.class.getName();

    private final CspApplication application;
    private boolean endpointsAdded;

    private Deployment(CspApplication application) {
        this.application = application;
    }

    /**
     * Installs the application into a starting servlet context.
     *
     * @param context the context, during {@code ServletContainerInitializer.onStartup}
     * @param application the application to serve
     */
    public static void install(ServletContext context, CspApplication application) {
        String[] paths = application.mapper().pages().stream().map(PageDescriptor::path).toArray(String[]::new);
        FilterRegistration.Dynamic filter = context.addFilter("csp-websocket-handshake", new HandshakeFilter(application));
        filter.setAsyncSupported(true);
        // isMatchAfter=false: before the container's own upgrade filter, which is added with true.
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, paths);
        context.addListener(new SessionListener(application));
        Deployment deployment = new Deployment(application);
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
        for (ServerEndpointConfig config : endpointConfigs(application)) {
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
     * @param application the application
     * @return one endpoint configuration per page, each with its own configurator
     */
    public static Set<ServerEndpointConfig> endpointConfigs(CspApplication application) {
        Set<ServerEndpointConfig> configs = new LinkedHashSet<>();
        for (PageDescriptor page : application.mapper().pages()) {
            configs.add(ServerEndpointConfig.Builder.create(JakartaEndpointAdapter.class, page.path())
                    .configurator(new PageEndpointConfigurator(application, page))
                    .subprotocols(page.subprotocols())
                    .build());
        }
        return configs;
    }
}
