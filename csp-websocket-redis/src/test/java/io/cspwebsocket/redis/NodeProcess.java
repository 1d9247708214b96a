package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.cspwebsocket.redis.node.ClusterNodeMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node ({@link ClusterNodeMain}) in a JVM of its own, started with {@code java} from
 * {@code java.home} and this test's class path; its output goes to {@code <workDir>/node-<id>.log}.
 */
final class NodeProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    final String nodeId;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private int port;

    private NodeProcess(String nodeId, Process process, Path log) {
        this.nodeId = nodeId;
        this.process = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintStream file = new PrintStream(Files.newOutputStream(log, StandardOpenOption.CREATE,
                         StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    file.println(line);
                    if (line.startsWith("READY ") || line.startsWith("STOPPED") || line.startsWith("FAILED")) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the node died; whoever waits for a line times out with the log's name
            }
        }, "node-output " + nodeId);
        pump.setDaemon(true);
        pump.start();
        // A node also exits by itself when its standard input closes (the test JVM is gone).
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop node " + nodeId));
    }

    /** Starts a node; {@link #awaitReady()} waits until it serves. */
    static NodeProcess launch(String nodeId, String redisUri, String lease, String sendTimeout, Path workDir)
            throws IOException {
        return launch(nodeId, redisUri, lease, sendTimeout, workDir, Map.of());
    }

    /** Starts a node with extra context parameters; {@link #awaitReady()} waits until it serves. */
    static NodeProcess launch(String nodeId, String redisUri, String lease, String sendTimeout, Path workDir,
                              Map<String, String> contextParameters) throws IOException {
        return launch(nodeId, redisUri, lease, sendTimeout, workDir, contextParameters, List.of("-Xmx256m"));
    }

    /**
     * Starts a node with extra context parameters and JVM options of its own (the heap among them);
     * {@link #awaitReady()} waits until it serves.
     */
    static NodeProcess launch(String nodeId, String redisUri, String lease, String sendTimeout, Path workDir,
                              Map<String, String> contextParameters, List<String> jvmOptions) throws IOException {
        Files.createDirectories(workDir);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                // Lets Tomcat's leak detection (and the node's own thread-local check) look inside.
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "-cp", classPath, ClusterNodeMain.class.getName(), redisUri, nodeId, lease, sendTimeout));
        contextParameters.forEach((name, value) -> command.add(name + "=" + value));
        Path log = workDir.resolve("node-" + nodeId + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new NodeProcess(nodeId, process, log);
    }

    NodeProcess awaitReady() throws InterruptedException {
        String line = lines.poll(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || !line.startsWith("READY ")) {
            fail("node " + nodeId + " did not start within " + READY_TIMEOUT + " (" + line + "); see its log");
        }
        port = Integer.parseInt(line.substring("READY ".length()).trim());
        return this;
    }

    /** @return the URL of the test page on this node */
    URI page() {
        return URI.create("ws://127.0.0.1:" + port + "/csp/user/Test.Cluster.cls");
    }

    /**
     * Calls the control servlet.
     *
     * @param op the operation
     * @param parameters query parameters
     * @param body the message
     * @return the answer
     */
    String call(String op, Map<String, String> parameters, String body) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("op=").append(op);
        parameters.forEach((name, value) -> query.append('&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ctl?" + query))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            fail("node " + nodeId + " answered " + response.statusCode() + " to " + op + ": " + response.body());
        }
        return response.body();
    }

    String call(String op, String id) throws IOException, InterruptedException {
        return call(op, Map.of("id", id), "");
    }

    /** Kills the node at once (SIGKILL): no clean leave. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /**
     * Stops Tomcat in the node (undeploy) and returns the library threads still alive then.
     *
     * @return {@code threads=<names> threadLocals=<classes>}, both empty when nothing is left
     */
    String stop() throws IOException, InterruptedException {
        OutputStream in = process.getOutputStream();
        in.write("stop\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        String line = lines.poll(60, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("STOPPED")) {
            fail("node " + nodeId + " did not stop within 60 s (" + line + "); see its log");
        }
        process.waitFor(20, TimeUnit.SECONDS);
        return line.substring("STOPPED".length()).trim();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
