package io.cspwebsocket.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server child JVM ({@link BenchServer}) started with the JDK under test, and the HTTP
 * control channel to it. Closing it asks the child to quit, then kills it; a shutdown hook kills
 * it too if the parent is stopped first.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Thread killer;
    private final HttpClient control;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final int port;
    private final String javaVersion;
    private final boolean virtualThreads;

    private ServerProcess(Process process, Thread killer, Path log, Duration startTimeout) throws IOException {
        this.process = process;
        this.killer = killer;
        Thread pump = new Thread(() -> pumpOutput(log), "bench-server-output");
        pump.setDaemon(true);
        pump.start();
        String line;
        try {
            line = ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("server child did not start within " + startTimeout + " (see " + log + ")", e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        this.port = Integer.parseInt(fields.get("port"));
        this.javaVersion = fields.get("java");
        this.virtualThreads = Boolean.parseBoolean(fields.get("virtualThreads"));
        this.control = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Starts a server child and waits until it listens.
     *
     * @param jdk the JDK and thread mode
     * @param options heap, Tomcat threads, JFR
     * @param log where the child's output goes
     * @return the running child
     * @throws IOException if it cannot be started or does not get ready in time
     */
    static ServerProcess start(ServerJdk jdk, Options options, Path log) throws IOException {
        return start(jdk, options, log, options.serverHeap, "bench-server-" + jdk.name(), List.of());
    }

    /**
     * Starts a server child and waits until it listens.
     *
     * @param jdk the JDK and thread mode
     * @param options Tomcat threads, JFR
     * @param log where the child's output goes
     * @param heap its {@code -Xms}/{@code -Xmx}
     * @param name the JFR recording's file name without {@code .jfr}
     * @param extraArgs more arguments of {@link BenchServer} (e.g. {@code --redis URI --node-id A})
     * @return the running child
     * @throws IOException if it cannot be started or does not get ready in time
     */
    static ServerProcess start(ServerJdk jdk, Options options, Path log, String heap, String name,
                               List<String> extraArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.add("-XX:+UseG1GC");
        command.add("-XX:+AlwaysPreTouch"); // heap pages resident from the start: RSS growth is native memory
        command.add("-Djava.net.preferIPv4Stack=true");
        if (jdk.platformThreadsForced()) {
            command.add("-Dio.cspwebsocket.virtualThreads=false");
        }
        if (options.jfrDir != null) {
            Files.createDirectories(options.jfrDir);
            Path recording = options.jfrDir.toAbsolutePath().resolve(name + ".jfr");
            command.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
        }
        command.add("-cp");
        command.add(serverClasspath());
        command.add(BenchServer.class.getName());
        command.add("--max-connections");
        command.add("20000");
        command.add("--max-threads");
        command.add(Integer.toString(options.maxThreads));
        command.add("--accept-count");
        command.add("2048");
        if (options.tomcatVirtualThreads) {
            command.add("--tomcat-virtual-threads");
        }
        command.add("--max-lifetime-seconds");
        command.add("7200");
        command.addAll(extraArgs);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread killer = new Thread(() -> kill(process), "bench-server-killer");
        try {
            Runtime.getRuntime().addShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            kill(process);
            throw new IOException("the JVM is shutting down");
        }
        try {
            return new ServerProcess(process, killer, log, Duration.ofSeconds(90));
        } catch (IOException | RuntimeException e) {
            kill(process);
            removeHook(killer);
            throw e;
        }
    }

    private static String serverClasspath;

    /**
     * The server children's class path: this JVM's, with every jar copied to
     * {@code target/bench-lib} first. A long run must not load classes from jars in the local
     * Maven repository, which another build may replace (a re-installed snapshot) in the
     * middle of it.
     *
     * @return the class path
     * @throws IOException if a jar cannot be copied
     */
    static synchronized String serverClasspath() throws IOException {
        if (serverClasspath == null) {
            String original = System.getProperty("bench.serverClasspath", System.getProperty("java.class.path"));
            Path lib = Path.of("target", "bench-lib").toAbsolutePath();
            Files.createDirectories(lib);
            List<String> entries = new ArrayList<>();
            int index = 0;
            for (String entry : original.split(java.io.File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path path = Path.of(entry);
                if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
                    Path copy = lib.resolve(String.format(java.util.Locale.ROOT, "%02d-%s", index++, path.getFileName()));
                    Files.copy(path, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            serverClasspath = String.join(java.io.File.pathSeparator, entries);
        }
        return serverClasspath;
    }

    /**
     * @return the csp-websocket-impl jar the servers use, with its time stamp, for the report
     * @throws IOException if the class path cannot be prepared
     */
    static String libraryUnderTest() throws IOException {
        for (String entry : serverClasspath().split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().contains("csp-websocket-impl")) {
                return path.getFileName().toString().replaceFirst("^\\d+-", "") + " (built "
                        + Files.getLastModifiedTime(path) + ")";
            }
        }
        return "csp-websocket-impl from " + serverClasspath();
    }

    private void pumpOutput(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.startsWith(BenchServer.READY)) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            // the child is gone
        } finally {
            ready.completeExceptionally(new IOException("server child exited with no ready line"));
        }
    }

    /** @return the child's HTTP port on 127.0.0.1 */
    int port() {
        return port;
    }

    /** @return the child's {@code java.version} */
    String javaVersion() {
        return javaVersion;
    }

    /** @return whether the child says pages run on virtual threads */
    boolean virtualThreads() {
        return virtualThreads;
    }

    /** @return the child's process id */
    long pid() {
        return process.pid();
    }

    /**
     * @param path e.g. {@code /raw/echo}
     * @return the WebSocket URI on 127.0.0.1
     */
    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    /**
     * The server's statistics.
     *
     * @param gc whether to run a full GC first (for heap figures)
     * @return the numbers by name
     * @throws IOException if the child does not answer
     */
    Map<String, Long> stats(boolean gc) throws IOException {
        Map<String, Long> numbers = new LinkedHashMap<>();
        join(controlAsync("op=stats&gc=" + gc), Duration.ofSeconds(60))
                .forEach((key, value) -> numbers.put(key, Long.parseLong(value)));
        return numbers;
    }

    /**
     * The server's heap by class, after a full GC.
     *
     * @return the histogram's text
     * @throws IOException if the child does not answer
     */
    String classHistogram() throws IOException {
        return diagnostic("op=histo");
    }

    /**
     * Writes the server's thread dump, virtual threads included (JDK 21+), as JSON.
     *
     * @param file where, on this machine
     * @return what the server printed
     * @throws IOException if the child does not answer
     */
    String threadDump(java.nio.file.Path file) throws IOException {
        return diagnostic("op=threads&file=" + java.net.URLEncoder.encode(file.toAbsolutePath().toString(),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    private String diagnostic(String query) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bench/ctl?" + query))
                .timeout(Duration.ofSeconds(120)).GET().build();
        try {
            return control.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * The server process's CPU time so far (all its threads, GC and JIT included).
     *
     * @return nanoseconds, or -1 if the child cannot tell or does not answer
     */
    long cpuNanos() {
        return cpuSample().getOrDefault("cpuNanos", -1L);
    }

    /**
     * The server process's CPU time so far, whole ({@code cpuNanos}) and by thread group
     * ({@code cpuNanos.<group>}, {@link ThreadCpu#GROUPS}).
     *
     * @return nanoseconds by key; empty if the child does not answer
     */
    Map<String, Long> cpuSample() {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            join(controlAsync("op=cpu"), Duration.ofSeconds(30)).forEach((key, value) -> out.put(key, Long.parseLong(value)));
        } catch (IOException | RuntimeException e) {
            out.clear();
        }
        return out;
    }

    /**
     * Sends a control request.
     *
     * @param query the query string
     * @return completes with the answer's {@code key=value} lines
     */
    CompletableFuture<Map<String, String>> controlAsync(String query) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bench/ctl?" + query))
                .timeout(Duration.ofSeconds(120)).GET().build();
        return control.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("control " + query + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : response.body().split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1).trim());
                }
            }
            return fields;
        });
    }

    /**
     * Waits for a control answer.
     *
     * @param answer the pending answer
     * @param timeout how long to wait
     * @return the answer
     * @throws IOException if it failed or timed out
     */
    static Map<String, String> join(CompletableFuture<Map<String, String>> answer, Duration timeout) throws IOException {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (Exception e) {
            throw new IOException("control request failed: " + e, e);
        }
    }

    /** Asks the child to quit (so a JFR recording is written), then kills it if it is still there. */
    @Override
    public void close() {
        try {
            OutputStream in = process.getOutputStream();
            in.write("quit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            in.close();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kill(process);
            removeHook(killer);
        }
    }

    private static void kill(Process process) {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
