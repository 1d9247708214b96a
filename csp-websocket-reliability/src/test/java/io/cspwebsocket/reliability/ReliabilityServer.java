package io.cspwebsocket.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * An embedded Tomcat 10.1 on 127.0.0.1 that deploys the suite's pages as a real web application:
 * an exploded WAR without web.xml, with csp-websocket-api and -impl in {@code WEB-INF/lib} and the
 * pages in {@code WEB-INF/classes}, found by the library's ServletContainerInitializer through
 * Tomcat's own scanning and loaded by a WebappClassLoader, so undeploy can be checked for leaks.
 */
final class ReliabilityServer implements AutoCloseable {

    private static final String PAGES = "io/cspwebsocket/reliability/pages";
    private static Path war;

    private final Tomcat tomcat = new Tomcat();
    private final Map<String, String> parameters;
    private Context context;
    private java.lang.ref.WeakReference<ClassLoader> undeployedLoader = new java.lang.ref.WeakReference<>(null);

    /**
     * @param maxThreads the connector's request threads
     * @param parameters the application's context parameters
     */
    ReliabilityServer(int maxThreads, Map<String, String> parameters) throws Exception {
        this(maxThreads, parameters, Map.of());
    }

    /**
     * @param maxThreads the connector's request threads
     * @param parameters the application's context parameters
     * @param connectorProperties more connector properties, e.g. {@code socket.rxBufSize}
     */
    ReliabilityServer(int maxThreads, Map<String, String> parameters, Map<String, String> connectorProperties)
            throws Exception {
        this.parameters = new HashMap<>(parameters);
        Path base = Files.createTempDirectory(work(), "tomcat");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", Integer.toString(maxThreads));
        connector.setProperty("maxConnections", "20000");
        connector.setProperty("acceptCount", "2048");
        connectorProperties.forEach(connector::setProperty);
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        tomcat.getHost().setAppBase(Files.createDirectories(base.resolve("webapps")).toString());
        tomcat.start();
        deploy();
    }

    /** Deploys the WAR at the root context. */
    synchronized void deploy() {
        StandardContext created = new StandardContext();
        created.setName("");
        created.setPath("");
        created.setDocBase(war().toString());
        created.setParentClassLoader(ReliabilityServer.class.getClassLoader());
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        created.addLifecycleListener(config);
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false); // only the WAR's own jars, as in a standalone Tomcat
        scanner.setScanManifest(false);
        created.setJarScanner(scanner);
        parameters.forEach(created::addParameter);
        // No default web.xml: map the default servlet, or upgrades to unmapped paths 404 too early.
        Tomcat.addServlet(created, "default", new DefaultServlet());
        created.addServletMappingDecoded("/", "default");
        tomcat.getHost().addChild(created);
        if (!created.getState().isAvailable()) {
            throw new IllegalStateException("the test WAR did not start: " + created.getState());
        }
        context = created;
    }

    /** Undeploys the WAR (stops and destroys the context, as the manager's undeploy does). */
    synchronized void undeploy() {
        Context current = context;
        context = null; // hold nothing of the stopped application
        undeployedLoader = new java.lang.ref.WeakReference<>(current.getLoader().getClassLoader());
        tomcat.getHost().removeChild(current);
    }

    /** @return the class loader of the last undeployed application, while something still holds it */
    ClassLoader undeployedLoader() {
        return undeployedLoader.get();
    }

    /**
     * Tomcat's own check for class loaders of stopped applications that are still reachable (the
     * manager's "Find leaks"). Runs the garbage collector.
     *
     * @return the context paths whose class loaders leaked
     */
    List<String> leakedApplications() {
        return Arrays.asList(((StandardHost) tomcat.getHost()).findReloadedContextMemoryLeaks());
    }

    /**
     * Adds a connector to the running server, beside the plain one: e.g. an HTTPS connector
     * ({@code TlsTest}), which connector properties alone cannot describe. It starts at once.
     *
     * @param extra the connector, fully configured, on port 0
     * @return the port it listens on
     */
    synchronized int addConnector(Connector extra) {
        tomcat.getService().addConnector(extra);
        if (!extra.getState().isAvailable()) {
            throw new IllegalStateException("the added connector did not start: " + extra.getState());
        }
        return extra.getLocalPort();
    }

    /** @return how many HTTP sessions the deployed application's manager has created so far */
    synchronized long sessionsCreated() {
        return context.getManager().getSessionCounter();
    }

    /** @return the deployed application's live HTTP sessions */
    synchronized int activeSessions() {
        return context.getManager().getActiveSessions();
    }

    String ws(String cspName) {
        return "ws://127.0.0.1:" + port() + "/csp/user/" + cspName + ".cls";
    }

    String http(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    static Path work() throws IOException {
        Path dir = Paths.get(System.getProperty("reliability.work", "target/reliability"));
        Files.createDirectories(dir);
        return dir;
    }

    /** Builds the exploded WAR once per JVM. */
    private static synchronized Path war() {
        if (war != null) {
            return war;
        }
        try {
            Path root = Files.createTempDirectory(work(), "war");
            Path lib = Files.createDirectories(root.resolve("WEB-INF/lib"));
            addLibrary(Paths.get(required("reliability.api")), lib.resolve("csp-websocket-api.jar"));
            addLibrary(Paths.get(required("reliability.impl")), lib.resolve("csp-websocket-impl.jar"));
            // The pages only; the probe stays outside, so it is shared through the parent class loader.
            Path classes = Paths.get(required("reliability.testClasses"));
            Path pages = classes.resolve(PAGES);
            try (Stream<Path> files = Files.walk(pages)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = root.resolve("WEB-INF/classes").resolve(classes.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
            war = root;
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven)");
        }
        return value;
    }

    /** Copies a jar, or jars up a class directory (the reactor stopped before package). */
    private static void addLibrary(Path source, Path jar) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, jar);
            return;
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(source)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(path)) {
                    out.putNextEntry(new JarEntry(source.relativize(path).toString().replace('\\', '/')));
                    Files.copy(path, out);
                    out.closeEntry();
                }
            }
        }
    }
}
