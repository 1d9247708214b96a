package io.cspwebsocket.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the built artefacts are and how long the integration tests wait: one place, set by
 * failsafe's system properties in the pom and overridable on the command line.
 */
final class DemoTestEnvironment {

    /** Longest wait for a message, close or page state that should come at once. */
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(Long.getLong("demo.eventTimeoutSeconds", 10));

    /** Longest wait for a server (launcher, Tomcat distribution, Chromium) to be ready. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("demo.startupTimeoutSeconds", 90));

    /** Longest wait for a server to stop after SIGTERM before it is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** The echo page's URL below the context root (the URL the IRIS documentation uses). */
    static final String ECHO_PAGE_PATH = "csp/user/MyApp.MyWebSocketServer.cls";

    private DemoTestEnvironment() {
    }

    static Path launcherJar() {
        return existing("demo.launcherJar");
    }

    static Path war() {
        return existing("demo.war");
    }

    static Path tomcatHome() {
        return existing("demo.tomcatHome");
    }

    /** The Payara Micro jar, copied from the Maven repository by the pom. */
    static Path payaraMicroJar() {
        return existing("demo.payaraMicroJar");
    }

    /** A fresh directory for one test class's files (logs, profiles, Tomcat base). */
    static Path newWorkDir(String prefix) {
        try {
            Path root = Path.of(System.getProperty("demo.workDir", "target/it-work"));
            Files.createDirectories(root);
            return Files.createTempDirectory(root.toAbsolutePath(), prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The {@code java} of the JDK running the tests, so child JVMs match it. */
    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Whether this is a CI run ({@code CI=true}), where optional tools must be present. */
    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property
                    + " is not set: run the integration tests through Maven (mvn -B verify)");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " = " + path + " does not exist: was the module packaged?");
        }
        return path;
    }
}
