package io.cspwebsocket.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real, unpacked Apache Tomcat distribution started with {@code catalina.sh run}, with WARs
 * dropped into its {@code webapps/}: the deployment users do. Used by the demo's
 * {@link TomcatDistributionIT} and, through the demo's test jar, by the Spring Boot WAR test.
 *
 * <p>The distribution is used as {@code CATALINA_HOME} and left untouched; each start makes a
 * fresh {@code CATALINA_BASE} (as Tomcat's RUNNING.txt describes for several instances) whose
 * {@code server.xml} listens on a free port of 127.0.0.1 with the shutdown port disabled. Closing
 * it sends SIGTERM, which stops Tomcat cleanly (every application undeployed), then kills it if
 * it has not exited within 30 s.
 */
public final class TomcatDistribution implements AutoCloseable {

    private static final int ATTEMPTS = 3;

    private final ChildProcess process;
    private final URI base;
    private final Path catalinaBase;

    private TomcatDistribution(ChildProcess process, URI base, Path catalinaBase) {
        this.process = process;
        this.base = base;
        this.catalinaBase = catalinaBase;
    }

    /**
     * Starts Tomcat with the given WARs and waits until {@code ready} holds for its base URI.
     *
     * @param home the unpacked distribution ({@code CATALINA_HOME})
     * @param wars the WARs by the name they get in {@code webapps/} (e.g. {@code ROOT.war})
     * @param readiness what {@code ready} waits for, for the failure message
     * @param ready when Tomcat is ready, given its base URI (e.g. a page answers 200)
     * @param timeout how long to wait for {@code ready}
     * @return the running Tomcat
     * @throws IOException if the base cannot be made
     */
    public static TomcatDistribution start(Path home, Map<String, Path> wars, String readiness, Predicate<URI> ready,
                                           Duration timeout)
            throws IOException {
        AssertionError lastFailure = null;
        // A free port can be taken by someone else between choosing and binding it: retry, bounded.
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path catalinaBase = DemoTestEnvironment.newWorkDir("tomcat-base-");
            int port = freePort();
            makeBase(home, catalinaBase, port, wars);
            ChildProcess started = startCatalina(home, catalinaBase);
            URI candidate = URI.create("http://127.0.0.1:" + port + "/");
            try {
                started.await(readiness, () -> ready.test(candidate), timeout);
                return new TomcatDistribution(started, candidate, catalinaBase);
            } catch (AssertionError e) {
                started.close();
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /** @return {@code http://127.0.0.1:<port>/} */
    public URI base() {
        return base;
    }

    /** @return the last lines of Tomcat's console output, for failure messages */
    public String tail() {
        return process.tail();
    }

    /**
     * @return Tomcat's whole console output so far (its {@code catalina.sh run} output)
     * @throws IOException if it cannot be read
     */
    public String console() throws IOException {
        return Files.readString(catalinaBase.resolve("logs/console.log"), StandardCharsets.UTF_8);
    }

    /** Stops Tomcat: SIGTERM, as a service manager does, then a kill if it does not exit. */
    @Override
    public void close() {
        process.close();
    }

    /** A CATALINA_BASE: the distribution's conf (server.xml edited), the WARs, empty work dirs. */
    private static void makeBase(Path home, Path catalinaBase, int port, Map<String, Path> wars) throws IOException {
        for (String dir : List.of("conf", "webapps", "logs", "temp", "work")) {
            Files.createDirectories(catalinaBase.resolve(dir));
        }
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, catalinaBase.resolve("conf").resolve(file.getFileName()));
                }
            }
        }
        Path serverXml = catalinaBase.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        String edited = replaceOnce(xml, "<Server port=\"8005\"", "<Server port=\"-1\"");
        edited = replaceOnce(edited, "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                "<Connector address=\"127.0.0.1\" port=\"" + port + "\" protocol=\"HTTP/1.1\"");
        Files.writeString(serverXml, edited, StandardCharsets.UTF_8);
        for (Map.Entry<String, Path> war : wars.entrySet()) {
            Files.copy(war.getValue(), catalinaBase.resolve("webapps").resolve(war.getKey()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ChildProcess startCatalina(Path home, Path catalinaBase) {
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run");
        builder.directory(catalinaBase.toFile());
        Map<String, String> env = builder.environment();
        for (String inherited : List.of("JRE_HOME", "JAVA_OPTS", "CATALINA_OPTS", "CATALINA_PID", "CATALINA_TMPDIR",
                "CATALINA_OUT", "JPDA_OPTS", "LOGGING_CONFIG", "LOGGING_MANAGER")) {
            env.remove(inherited);
        }
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_HOME", home.toAbsolutePath().toString());
        env.put("CATALINA_BASE", catalinaBase.toAbsolutePath().toString());
        // Exit (rather than run without a connector) if the port was taken meanwhile.
        env.put("CATALINA_OPTS", "-Dorg.apache.catalina.startup.EXIT_ON_INIT_FAILURE=true");
        // catalina.sh run execs the JVM, so the process is Tomcat itself: SIGTERM stops it cleanly.
        return ChildProcess.start("Tomcat " + home.getFileName(), builder, catalinaBase.resolve("logs/console.log"));
    }

    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0 || text.indexOf(target, at + 1) >= 0) {
            throw new IllegalStateException("expected exactly one '" + target + "' in server.xml");
        }
        return text.replace(target, replacement);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
