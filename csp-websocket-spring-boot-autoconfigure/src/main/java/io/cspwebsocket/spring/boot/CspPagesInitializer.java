package io.cspwebsocket.spring.boot;

import io.cspwebsocket.impl.CspPageFactory;
import io.cspwebsocket.impl.CspServletContainerInitializer;
import io.cspwebsocket.impl.CspWebSocketStatistics;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * Serves the pages on Spring Boot's embedded Tomcat. Boot does not run the
 * {@code ServletContainerInitializer}s of the jars on its class path, so this initializer, which
 * Boot runs from its own, hands the scanned pages, the settings and the application's page factory
 * to the library's initializer. From there everything is as in a WAR: the pages' servlet sits
 * behind every filter of the application (Spring Security's included), and the library's listeners
 * shut it down with the context.
 */
final class CspPagesInitializer implements ServletContextInitializer {

    /** The prefix of the class of Tomcat's servlet context ({@code ApplicationContextFacade}). */
    private static final String TOMCAT_CONTEXT_PACKAGE = "org.apache.catalina.";

    private final Supplier<Set<Class<?>>> pages;
    private final List<String> packages;
    private final Map<String, String> initParameters;
    private final CspServletContainerInitializer library;

    /**
     * @param pages finds the page classes (called once, at start-up)
     * @param packages the packages scanned, for messages
     * @param initParameters the library's settings as init parameters
     * @param pageFactory creates the page instances
     */
    CspPagesInitializer(Supplier<Set<Class<?>>> pages, List<String> packages, Map<String, String> initParameters,
                        CspPageFactory pageFactory) {
        this.pages = pages;
        this.packages = packages;
        this.initParameters = initParameters;
        this.library = new CspServletContainerInitializer(pageFactory);
    }

    @Override
    public void onStartup(ServletContext context) throws ServletException {
        requireTomcat(context);
        Set<Class<?>> found = pages.get();
        if (found.isEmpty()) {
            context.log("csp-websocket: no @CspClass page found in " + packages
                    + " (the @SpringBootApplication's packages, or those of @CspPageScan)");
            return;
        }
        for (Map.Entry<String, String> parameter : initParameters.entrySet()) {
            if (!context.setInitParameter(parameter.getKey(), parameter.getValue())
                    && !parameter.getValue().equals(context.getInitParameter(parameter.getKey()))) {
                throw new IllegalStateException("csp-websocket: " + parameter.getKey() + " is set both by a csp.websocket."
                        + " property ('" + parameter.getValue() + "') and as a context parameter ('"
                        + context.getInitParameter(parameter.getKey()) + "'); keep one");
            }
        }
        library.onStartup(found, context);
    }

    /** @return the live counters of the pages once Tomcat has started them; empty before, or without pages */
    Optional<CspWebSocketStatistics> statistics() {
        return library.statistics();
    }

    /**
     * Closes every socket with 1001 and ends every page now (SPEC §10), before Boot drops Tomcat's
     * connections and destroys the beans the pages use; see {@link CspPagesLifecycle}.
     */
    void shutdown() {
        library.shutdown();
    }

    /**
     * Only Tomcat's servlet context: the library is tested on embedded Tomcat, and Boot's other
     * servers would serve the pages without the guarantees of SPEC §8 ever having been checked there.
     */
    private static void requireTomcat(ServletContext context) {
        if (!context.getClass().getName().startsWith(TOMCAT_CONTEXT_PACKAGE)) {
            throw new UnsupportedServerException("this application runs on " + context.getServerInfo()
                    + " (servlet context " + context.getClass().getName() + ")");
        }
    }
}
