package io.cspwebsocket.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo launcher run as users run it, {@code java -jar csp-websocket-demo-launcher.jar}, in a
 * JVM of its own, on a free port of 127.0.0.1 (port 0: Tomcat picks it, the launcher prints it).
 */
final class LauncherProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("csp-websocket demo listening on (http://127\\.0\\.0\\.1:\\d+/)");

    private final ChildProcess child;
    private final URI baseUri;

    private LauncherProcess(ChildProcess child, URI baseUri) {
        this.child = child;
        this.baseUri = baseUri;
    }

    /** Starts the launcher and waits until it prints that it is listening. */
    static LauncherProcess start(Path workDir) {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                DemoTestEnvironment.javaExecutable().toString(),
                "-jar", DemoTestEnvironment.launcherJar().toString(),
                "--host", "127.0.0.1",
                "--port", "0",
                // Stop with this test JVM even if it dies without running its shutdown hooks.
                "--exit-on-stdin-close"));
        builder.directory(workDir.toFile());
        ChildProcess child = ChildProcess.start("demo launcher", builder, workDir.resolve("launcher.log"));
        try {
            Matcher ready = child.awaitOutput(READY, DemoTestEnvironment.STARTUP_TIMEOUT);
            return new LauncherProcess(child, URI.create(ready.group(1)));
        } catch (RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>/}. */
    URI baseUri() {
        return baseUri;
    }

    /** {@code ws://127.0.0.1:<port>/<path>}. */
    URI webSocketUri(String path) {
        return URI.create("ws://" + baseUri.getAuthority() + "/" + path);
    }

    String tail() {
        return child.tail();
    }

    @Override
    public void close() {
        child.close();
    }
}
