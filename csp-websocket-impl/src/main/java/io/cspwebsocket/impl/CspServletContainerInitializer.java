package io.cspwebsocket.impl;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.impl.internal.CspApplication;
import io.cspwebsocket.impl.internal.CspConfig;
import io.cspwebsocket.impl.internal.ClsPathMapper;
import io.cspwebsocket.impl.internal.Deployment;
import io.cspwebsocket.impl.internal.Log;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.Set;

/**
 * Finds the {@link CspClass} pages of a web application and serves them (SPEC §1.2): dropping a
 * WAR with the pages, csp-websocket-api and csp-websocket-impl into Tomcat or Payara is all the
 * set-up, no {@code web.xml} needed. The container discovers this class through
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 *
 * <p>For embedded servers that do not scan, register pages programmatically before the context
 * starts, e.g. on embedded Tomcat:
 * <pre>{@code
 * Context context = tomcat.addContext("", docBase);
 * context.addServletContainerInitializer(new WsSci(), null);   // Tomcat's WebSocket support
 * context.addServletContainerInitializer(new CspServletContainerInitializer(), Set.of(MyWebSocketServer.class));
 * }</pre>
 *
 * <p>An application that creates its pages itself (dependency injection) passes a
 * {@link CspPageFactory} to {@link #CspServletContainerInitializer(CspPageFactory)}.
 *
 * <p>Deployment fails with a message naming the classes if a {@code @CspClass} is abstract, lacks
 * a public no-argument constructor (unless a {@link CspPageFactory} creates the pages), does not extend {@code CspWebSocket}, or shares its URL with
 * another page (§1.3).
 */
@SuppressWarnings("exports") // Jakarta types in this API: module-info's 'requires static' is not transitive on purpose
@HandlesTypes(CspClass.class)
public final class CspServletContainerInitializer implements ServletContainerInitializer {

    /**
     * A resource that a framework integration ships when it serves the pages itself, creating them
     * through its own container (the Spring Boot auto-configuration does). Seen on the
     * application's class path, the container's own run of this initializer serves nothing:
     * serving the pages here too would create them with their no-argument constructors, and
     * register every page twice.
     */
    public static final String SERVED_BY_APPLICATION_MARKER = "META-INF/csp-websocket/pages-served-by-application";

    /** Tyrus's (Payara's) frame buffer; its default is 4 MiB + 11 bytes. */
    private static final String TYRUS_INCOMING_BUFFER_SIZE = "org.glassfish.tyrus.servlet.incoming-buffer-size";
    private static final long TYRUS_DEFAULT_BUFFER = 4L * 1024 * 1024 + 11;
    /** The largest WebSocket frame header: 2 bytes, 8 of extended length, 4 of mask. */
    private static final int MAX_FRAME_HEADER = 14;

    private final CspPageFactory pageFactory;
    /** The application the last {@link #onStartup} started, for {@link #shutdown()}. */
    private volatile CspApplication started;

    /** Called by the container (or by an embedded server's set-up code). */
    public CspServletContainerInitializer() {
        this.pageFactory = null;
    }

    /**
     * For an embedded server whose application creates its pages itself, e.g. through a Spring
     * {@code ApplicationContext}: call {@link #onStartup} with the page classes from the server's
     * own start-up code. Pages then need no public no-argument constructor (SPEC §1.3 otherwise).
     *
     * @param pageFactory creates one page instance per connection and ends it after {@code onPostServer}
     */
    public CspServletContainerInitializer(CspPageFactory pageFactory) {
        this.pageFactory = java.util.Objects.requireNonNull(pageFactory, "pageFactory");
    }

    @Override
    public void onStartup(Set<Class<?>> pageClasses, ServletContext context) throws ServletException {
        if (pageFactory == null && pageClasses != null && !pageClasses.isEmpty()
                && context.getClassLoader() != null && context.getClassLoader().getResource(SERVED_BY_APPLICATION_MARKER) != null) {
            // E.g. a Spring Boot application deployed as a WAR: its SpringBootServletInitializer
            // starts the application, whose auto-configuration calls onStartup with its page factory.
            Log.info("csp-websocket: " + (context.getContextPath().isEmpty() ? "/" : context.getContextPath())
                    + " leaves its " + pageClasses.size() + " page class(es) to the application's framework ("
                    + SERVED_BY_APPLICATION_MARKER + " is on its class path)");
            return;
        }
        ClsPathMapper mapper = ClsPathMapper.of(pageClasses, pageFactory == null);
        if (mapper.isEmpty()) {
            return;
        }
        CspConfig config;
        try {
            config = CspConfig.from(context::getInitParameter);
        } catch (IllegalArgumentException e) {
            throw new ServletException("csp-websocket: " + e.getMessage(), e);
        }
        // Tyrus parses whole frames only, in this buffer, and closes a bigger frame with 1011
        // "Buffer overflow." before the library sees it: make room for every frame up to the maximum
        // message size, so the library decides (1009, SPEC §3.5). Never lowered; an application's
        // own value wins (setInitParameter does not replace it); other containers ignore it.
        context.setInitParameter(TYRUS_INCOMING_BUFFER_SIZE, Long.toString(Math.min(Integer.MAX_VALUE,
                Math.max(TYRUS_DEFAULT_BUFFER, config.maxMessageSize() + MAX_FRAME_HEADER))));
        String name = context.getContextPath().isEmpty() ? "/" : context.getContextPath();
        CspApplication application;
        try {
            application = new CspApplication(name, mapper, config, context.getClassLoader(), context::getInitParameter,
                    pageFactory);
        } catch (IllegalStateException e) {
            throw new ServletException(e.getMessage(), e);
        }
        Deployment.install(context, application);
        started = application;
        Log.info("csp-websocket: " + name + " serves " + mapper.pages().size() + " page(s) "
                + mapper.pages().stream().map(p -> p.path()).sorted().toList()
                + (application.threads().virtual() ? " on virtual threads" : " on platform threads"));
    }

    /**
     * @return the live counters of the application that {@link #onStartup} started, for metrics and
     *         health checks; empty before it started, or when it found no page
     */
    public java.util.Optional<CspWebSocketStatistics> statistics() {
        CspApplication application = started;
        return application == null ? java.util.Optional.empty() : java.util.Optional.of(application.statistics());
    }

    /**
     * Stops the application that {@link #onStartup} started, at once, as undeploying it would
     * (SPEC §10): every socket is closed with 1001, each page's {@code onPostServer} runs (bounded
     * by the shutdown timeout) and its instance is released. For embedding code whose server drops
     * its connections before it undeploys the application (Spring Boot removes Tomcat's connectors
     * first, and destroys its beans before Tomcat's context), so that the clients get a close frame
     * and the pages end while what they use still exists. Idempotent; the later undeploy does
     * nothing more. Without an application started, it does nothing.
     */
    public void shutdown() {
        CspApplication application = started;
        if (application != null) {
            application.shutdown();
        }
    }
}
