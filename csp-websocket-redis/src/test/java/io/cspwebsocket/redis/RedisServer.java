package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian package {@code redis-server}) on 127.0.0.1 and a free port,
 * without persistence ({@code --save "" --appendonly no}), started and stopped by this test by its
 * process. Missing, it skips the calling test outside CI and fails it under {@code CI=true}.
 */
final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path executable;
    private final Path workDir;
    private final int port;
    /** Given before the port: a configuration file, as sentinel mode needs one. */
    private final List<String> leading;
    /** Given after the defaults, so they win: e.g. {@code --replicaof}, {@code --sentinel}. */
    private final List<String> trailing;
    private volatile Process process;

    private RedisServer(Path executable, Path workDir, int port, List<String> leading, List<String> trailing) {
        this.executable = executable;
        this.workDir = workDir;
        this.port = port;
        this.leading = List.copyOf(leading);
        this.trailing = List.copyOf(trailing);
        // Should the test JVM be stopped before @AfterAll runs, the server must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process running = process;
            if (running != null) {
                running.destroyForcibly();
            }
        }, "stop redis-server " + port));
    }

    /**
     * Starts a server.
     *
     * @param workDir where its log goes
     * @return the running server
     */
    static RedisServer start(Path workDir) throws IOException, InterruptedException {
        return start(workDir, freePort(), List.of(), List.of());
    }

    /**
     * Starts a server with more arguments (a replica, a sentinel).
     *
     * @param workDir where its log goes
     * @param port its port
     * @param leading arguments before the port (a configuration file)
     * @param trailing arguments after the defaults
     * @return the running server
     */
    static RedisServer start(Path workDir, int port, List<String> leading, List<String> trailing)
            throws IOException, InterruptedException {
        RedisServer server = new RedisServer(find(), workDir, port, leading, trailing);
        server.startProcess();
        return server;
    }

    /** The redis-server executable; skips (or, under CI, fails) the calling test if there is none. */
    static Path find() {
        String configured = System.getProperty("redis.server");
        Optional<Path> found = configured != null ? Optional.of(Path.of(configured))
                : Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                                Stream.of("/usr/bin", "/usr/sbin", "/usr/local/bin"))
                        .filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, "redis-server"))
                        .filter(Files::isExecutable)
                        .findFirst();
        if (found.isEmpty() || !Files.isExecutable(found.get())) {
            String message = "redis-server not found (PATH or -Dredis.server); on Debian: apt-get install -y redis-server";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + ". Under CI=true this test must run: .ci/run installs it.");
            }
            // Printed too: an abort in @BeforeAll shows in Maven's summary only as "Tests run: 0".
            System.err.println("[RedisServer] " + message + ". Skipping the Redis test outside CI.");
            Assumptions.abort(message + ". Skipping the Redis test outside CI.");
        }
        return found.get();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** @return the URI nodes connect to */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Kills the server at once (SIGKILL): its data is lost. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a paused server run again (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            fail("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** Starts the server again on the same port, empty. */
    void restart() throws IOException, InterruptedException {
        startProcess();
    }

    private void startProcess() throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        List<String> command = new java.util.ArrayList<>(List.of(executable.toString()));
        command.addAll(leading);
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", workDir.toString(),
                "--logfile", ""));
        command.addAll(trailing);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("redis-" + port + ".log").toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("redis-server exited with " + process.exitValue() + "; see " + workDir.resolve("redis-" + port + ".log"));
            }
            if (pong()) {
                return;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        fail("redis-server did not answer PING within " + START_TIMEOUT);
    }

    /** @return whether the server answers PING */
    boolean pong() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends one command and reads the first line of its reply (enough for {@code +OK}, {@code :1}).
     *
     * @param arguments the command and its arguments
     * @return the reply's first line, without CRLF
     */
    String command(String... arguments) throws IOException {
        return commandLines(1, arguments).get(0);
    }

    /**
     * @param arguments a command whose reply is one bulk string (e.g. {@code CLIENT LIST})
     * @return that string
     */
    String bulk(String... arguments) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder header = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    header.append((char) c);
                }
            }
            if (header.length() == 0 || header.charAt(0) != '$') {
                throw new IOException("not a bulk reply: " + header);
            }
            byte[] body = new byte[Integer.parseInt(header.substring(1))];
            in.readFully(body);
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param arguments a command whose reply is an array of bulk strings (e.g. {@code PUBSUB CHANNELS})
     * @return its elements
     */
    List<String> array(String... arguments) throws IOException {
        int count = Integer.parseInt(commandLines(1, arguments).get(0).substring(1));
        List<String> lines = commandLines(1 + 2 * count, arguments);
        List<String> elements = new java.util.ArrayList<>();
        for (int i = 2; i < lines.size(); i += 2) {
            elements.add(lines.get(i));
        }
        return elements;
    }

    /**
     * @param lines how many lines of the reply to read (a multi-bulk reply has several)
     * @param arguments the command
     * @return the first {@code lines} lines of the reply, without line ends
     */
    java.util.List<String> commandLines(int lines, String... arguments) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            java.util.List<String> reply = new java.util.ArrayList<>();
            StringBuilder line = new StringBuilder();
            while (reply.size() < lines) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                if (c == '\n') {
                    reply.add(line.toString());
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append((char) c);
                }
            }
            return reply;
        }
    }

    /** Stops the server by its process (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                resume(); // a paused server ignores SIGTERM until it runs again
            } catch (IOException | InterruptedException | AssertionError e) {
                process.destroyForcibly();
            }
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
