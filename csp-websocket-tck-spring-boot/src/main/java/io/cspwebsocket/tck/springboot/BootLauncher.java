package io.cspwebsocket.tck.springboot;

import java.util.Map;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts and stops one {@link TckBootApplication}. Loaded in the application's own class loader
 * and called by the test side's Arquillian container by reflection, so its public surface uses
 * JDK types only ({@code Map}, {@code int}, {@link AutoCloseable}). The caller sets the thread's
 * context class loader to the application's around {@link #start} and {@link #close}.
 */
public final class BootLauncher implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private BootLauncher(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Runs the application as {@code java -jar} would, with {@code properties} as its defaults
     * (system properties and environment variables still come first, as in any Boot application).
     *
     * @param properties e.g. {@code server.port}, {@code server.servlet.context-path}
     * @return the running application
     */
    public static BootLauncher start(Map<String, Object> properties) {
        // Tomcat installs its URL stream handler factory JVM-wide, which the JDK allows once per JVM: the second
        // application of a test run, with its own copy of Tomcat, would fail to start ("factory already defined").
        // A Boot application is alone in its JVM and never meets this; the embedded applications here need none.
        TomcatURLStreamHandlerFactory.disable();
        SpringApplication application = new SpringApplication(TckBootApplication.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        application.setDefaultProperties(properties);
        application.setBannerMode(Banner.Mode.OFF);
        // Else Boot names the application after the class with main() on the stack: the test runner's.
        application.setMainApplicationClass(TckBootApplication.class);
        // Undeploy closes it; a JVM shutdown hook per deployment would keep every undeployed application reachable.
        application.setRegisterShutdownHook(false);
        return new BootLauncher(application.run());
    }

    /**
     * @return the port embedded Tomcat listens on, as Boot publishes it ({@code local.server.port}:
     *         the same on Boot 3 and 4, whose web server classes moved to other packages)
     */
    public int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** Closes the application context, as a Boot application stops: pages first (SPEC §10), then Tomcat. */
    @Override
    public void close() {
        context.close();
    }
}
