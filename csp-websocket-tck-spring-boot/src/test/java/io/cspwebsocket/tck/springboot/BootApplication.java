package io.cspwebsocket.tck.springboot;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;

/**
 * One TCK archive running as a Spring Boot application on embedded Tomcat, in the test JVM but
 * in a class loader of its own, as if it were a Boot application's {@code java -jar}:
 * <ul>
 *   <li>the class loader holds the archive's {@code WEB-INF/classes} and {@code WEB-INF/lib} (the
 *       library under test, the build's own jars), the starter with Spring Boot and Tomcat
 *       (without the library, so that there is one copy of it), and the application class; its
 *       parent is the platform class loader, so nothing of the test class path (Arquillian, the
 *       TCK's own copy of the fixtures) is visible to the application;</li>
 *   <li>the archive's name is the context path ({@code server.servlet.context-path}), its
 *       {@code web.xml} context parameters are {@code server.servlet.context-parameters.*},
 *       Tomcat listens on a free port ({@code server.port=0}) of the bind address.</li>
 * </ul>
 * The launcher ({@code BootLauncher}) is called by reflection, with JDK types only.
 */
final class BootApplication implements AutoCloseable {

    private static final String LAUNCHER = "io.cspwebsocket.tck.springboot.BootLauncher";

    private final String name;
    private final ExplodedWar war;
    private final URLClassLoader loader;
    private final AutoCloseable launcher;
    private final int port;

    private BootApplication(String name, ExplodedWar war, URLClassLoader loader, AutoCloseable launcher, int port) {
        this.name = name;
        this.war = war;
        this.loader = loader;
        this.launcher = launcher;
        this.port = port;
    }

    /**
     * Starts the application; returns once Tomcat listens.
     *
     * @param name the archive's name without {@code .war}: the context path
     * @param war the exploded archive; closed by {@link #close()}, or here if the start fails
     * @param configuration where the Boot jars are, and the bind address
     * @return the running application
     * @throws DeploymentException if it does not start (Boot's failure as the cause)
     */
    static BootApplication start(String name, ExplodedWar war, SpringBootContainerConfiguration configuration)
            throws DeploymentException {
        URLClassLoader loader = null;
        try {
            Map<String, Object> properties = properties(name, war, configuration.bindAddress());
            loader = new URLClassLoader("boot-" + name, classPath(war, configuration), ClassLoader.getPlatformClassLoader());
            Class<?> type = Class.forName(LAUNCHER, true, loader);
            AutoCloseable launcher = (AutoCloseable) inApplication(loader,
                    () -> type.getMethod("start", Map.class).invoke(null, properties));
            int port = (Integer) type.getMethod("port").invoke(launcher);
            return new BootApplication(name, war, loader, launcher, port);
        } catch (InvocationTargetException e) {
            closeQuietly(loader, war);
            throw new DeploymentException("the Spring Boot application " + name + " did not start: " + e.getCause(), e.getCause());
        } catch (DeploymentException e) {
            closeQuietly(loader, war);
            throw e;
        } catch (Exception e) {
            closeQuietly(loader, war);
            throw new DeploymentException("the Spring Boot application " + name + " did not start: " + e, e);
        }
    }

    private static Map<String, Object> properties(String name, ExplodedWar war, String bindAddress) throws DeploymentException {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("server.address", bindAddress);
        properties.put("server.servlet.context-path", "/" + name);
        war.contextParameters().forEach((key, value) -> properties.put("server.servlet.context-parameters." + key, value));
        // A compile-time constant: inlined, so TckBootApplication is never loaded on the test side.
        properties.put(TckBootApplication.PACKAGES, war.classesPackage());
        return properties;
    }

    private static URL[] classPath(ExplodedWar war, SpringBootContainerConfiguration configuration)
            throws DeploymentException, MalformedURLException {
        List<Path> entries = new ArrayList<>();
        entries.add(war.classes());
        entries.addAll(war.libraries());
        entries.add(configuration.applicationClasses());
        try (Stream<Path> jars = Files.list(configuration.bootLibDir())) {
            jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(entries::add);
        } catch (IOException e) {
            throw new DeploymentException("cannot list " + configuration.bootLibDir(), e);
        }
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = entries.get(i).toUri().toURL();
        }
        return urls;
    }

    /** Runs {@code call} with the application's class loader as the thread's context class loader, as Boot expects. */
    private static Object inApplication(ClassLoader loader, Callable<Object> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** @return the port Tomcat listens on */
    int port() {
        return port;
    }

    /**
     * Closes the application context (the pages end first, with 1001: SPEC §10), then the class
     * loader, and deletes the exploded archive.
     *
     * @throws DeploymentException if Boot fails to close it
     */
    @Override
    public void close() throws DeploymentException {
        try {
            inApplication(loader, () -> {
                launcher.close();
                return null;
            });
        } catch (Exception e) {
            throw new DeploymentException("the Spring Boot application " + name + " did not close: " + e, e);
        } finally {
            closeQuietly(loader, war);
        }
    }

    private static void closeQuietly(URLClassLoader loader, ExplodedWar war) {
        try {
            if (loader != null) {
                loader.close();
            }
        } catch (IOException e) {
            // Only open jar files are left behind; the deployment's outcome does not depend on them.
        } finally {
            war.close();
        }
    }
}
