package io.cspwebsocket.demo.launcher;

import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

/**
 * Runs the demo WAR in an embedded Tomcat 10.1, at the context root, on one port.
 *
 * <p>The WAR is deployed as a real container deploys it: Tomcat reads {@code WEB-INF/lib}, runs
 * the {@code ServletContainerInitializer}s it finds there (csp-websocket's, which registers the
 * {@code @CspClass} pages) and its own WebSocket initializer. This class and Tomcat are on the
 * launcher's class path only; the library and the pages are in the WAR only.
 *
 * <p>Usage: {@code java -jar csp-websocket-demo-launcher.jar [--port N] [--host ADDRESS]
 * [--webapp DIR_OR_WAR]}. The same settings can be given as system properties ({@code -Dport=9090},
 * {@code -Dhost=…}, {@code -Dwebapp=…}); arguments win. Defaults: port 8080, host 127.0.0.1 (the
 * demo is not reachable from other machines unless asked with {@code --host 0.0.0.0}), and the
 * exploded WAR {@code csp-websocket-demo/} beside the launcher jar. Port 0 picks a free port; the
 * port in use is printed on standard output once the server is ready.
 */
public final class DemoServer {

    /** Printed once the server accepts connections, followed by its base URL. */
    public static final String READY_LINE_PREFIX = "csp-websocket demo listening on ";

    /** The URL of the demo's page class, relative to the context root. */
    public static final String ECHO_PAGE_PATH = "/csp/user/MyApp.MyWebSocketServer.cls";

    /** The chat's browser page, relative to the context root. */
    public static final String CHAT_HTML_PATH = "/chat.html";

    private static final int DEFAULT_PORT = 8080;
    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final String WAR_NAME = "csp-websocket-demo";

    private final Tomcat tomcat;
    private final Path baseDir;

    private DemoServer(Tomcat tomcat, Path baseDir) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
    }

    /**
     * Starts the server and blocks until the JVM is stopped (Ctrl-C), then stops Tomcat, which
     * closes every open socket with 1001 and runs the pages' {@code onPostServer}.
     *
     * @param args {@code --port N}, {@code --host ADDRESS}, {@code --webapp PATH},
     *             {@code --exit-on-stdin-close} (for test harnesses: stop when standard input
     *             reaches its end), {@code --help}
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        DemoServer server;
        try {
            server = start(options);
        } catch (IllegalStateException | IOException | LifecycleException e) {
            System.err.println("error: the demo server did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Printed directly: java.util.logging shuts down in its own hook, so Tomcat's stop
            // messages may not appear.
            System.out.println("csp-websocket demo stopping: open sockets are closed with 1001 (going away)");
            server.stop();
            System.out.println("csp-websocket demo stopped");
        }, "csp-demo-shutdown"));
        printReady(System.out, options.host(), server.port());
        if (options.exitOnStdinClose()) {
            startStdinWatcher();
        }
        server.tomcat.getServer().await();
    }

    private static DemoServer start(Options options) throws IOException, LifecycleException {
        Path webapp = options.webapp() != null ? options.webapp() : defaultWebapp();
        if (!Files.isDirectory(webapp.resolve("WEB-INF")) && !webapp.toString().endsWith(".war")) {
            throw new IllegalStateException("not an exploded WAR (no WEB-INF) nor a .war file: " + webapp
                    + "; build it with 'mvn -B package -Dmaven.test.skip=true -pl csp-websocket-demo -am' or pass --webapp");
        }
        Path baseDir = Files.createTempDirectory("csp-websocket-demo-tomcat");
        // The host's appBase: where Tomcat expands a .war given as --webapp.
        Files.createDirectories(baseDir.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(options.port());
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", options.host());

        // No global web.xml: it would add Jasper's JspServlet, which is not on the class path.
        // What the demo needs from it is the default servlet (static files, and a mapping for the
        // .cls URLs to fall through to before the WebSocket upgrade), MIME types and a welcome file.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", webapp.toAbsolutePath().toString());
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServletRegistration.Dynamic defaultServlet = servletContext.addServlet("default", new DefaultServlet());
            defaultServlet.addMapping("/");
            defaultServlet.setLoadOnStartup(1);
        }, null);
        Tomcat.addDefaultMimeTypeMappings(context);
        context.addWelcomeFile("index.html");

        DemoServer server = new DemoServer(tomcat, baseDir);
        try {
            tomcat.start();
            if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() <= 0) {
                throw new IllegalStateException("could not listen on " + options.host() + ":" + options.port()
                        + " (port in use?)");
            }
            if (context.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("the web application " + webapp + " failed to start; see the log above");
            }
        } catch (IllegalStateException | LifecycleException e) {
            server.stop();
            throw e;
        }
        return server;
    }

    private int port() {
        return tomcat.getConnector().getLocalPort();
    }

    private synchronized void stop() {
        try {
            if (tomcat.getServer().getState().isAvailable()) {
                tomcat.stop();
            }
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("warning: Tomcat did not stop cleanly: " + e);
        } finally {
            deleteRecursively(baseDir);
        }
    }

    private static void printReady(PrintStream out, String host, int port) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        String browse = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : shown;
        out.println(READY_LINE_PREFIX + "http://" + shown + ":" + port + "/");
        out.println("Open http://" + (browse.equals("127.0.0.1") ? "localhost" : browse) + ":" + port
                + "/ in a browser. Echo page: " + ECHO_PAGE_PATH + " (subprotocol \"chat\"); chat demo: "
                + CHAT_HTML_PATH + ". Ctrl-C stops the server.");
        out.flush();
    }

    /** Stops the JVM (and so, through the shutdown hook, Tomcat) when standard input ends. */
    private static void startStdinWatcher() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // Input is ignored: only its end matters.
                }
            } catch (IOException e) {
                // A broken pipe means the parent is gone, as does end of input.
            }
            System.exit(0);
        }, "csp-demo-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The exploded WAR (or, failing that, the .war) next to the launcher jar or class directory. */
    private static Path defaultWebapp() {
        Path here;
        try {
            here = Path.of(DemoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            throw new IllegalStateException("cannot locate the launcher; pass --webapp", e);
        }
        Path dir = here.getParent();
        Path exploded = dir.resolve(WAR_NAME);
        if (Files.isDirectory(exploded.resolve("WEB-INF"))) {
            return exploded;
        }
        return dir.resolve(WAR_NAME + ".war");
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("warning: could not delete " + dir + ": " + e);
        }
    }

    /** The command line, after system-property defaults. */
    private record Options(int port, String host, Path webapp, boolean exitOnStdinClose, boolean help) {

        static final String USAGE = String.join(System.lineSeparator(),
                "usage: java [-Dport=N] [-Dhost=ADDRESS] [-Dwebapp=PATH] -jar csp-websocket-demo-launcher.jar",
                "            [--port N] [--host ADDRESS] [--webapp PATH] [--exit-on-stdin-close]",
                "  --port N          HTTP port (default 8080; 0 picks a free one)",
                "  --host ADDRESS    address to listen on (default 127.0.0.1; 0.0.0.0 for all)",
                "  --webapp PATH     exploded WAR directory or .war file",
                "                    (default: csp-websocket-demo/ next to the launcher jar)",
                "  --exit-on-stdin-close  stop when standard input ends (for test harnesses)");

        static Options parse(String[] args) {
            int port = parsePort(System.getProperty("port", String.valueOf(DEFAULT_PORT)));
            String host = System.getProperty("host", DEFAULT_HOST);
            String webapp = System.getProperty("webapp");
            boolean exitOnStdinClose = false;
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (name) {
                    case "--port" -> port = parsePort(value != null ? value : next(args, ++i, name));
                    case "--host" -> host = value != null ? value : next(args, ++i, name);
                    case "--webapp" -> webapp = value != null ? value : next(args, ++i, name);
                    case "--exit-on-stdin-close" -> exitOnStdinClose = true;
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            return new Options(port, host, webapp == null ? null : Path.of(webapp), exitOnStdinClose, help);
        }

        private static String next(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static int parsePort(String text) {
            try {
                int port = Integer.parseInt(text.trim());
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("port out of range: " + text);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port number: " + text, e);
            }
        }
    }
}
