package io.cspwebsocket.bench;

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

/**
 * A {@code redis-server} of the cross-node scenario's own: on 127.0.0.1 and a free port, without
 * persistence ({@code --save "" --appendonly no}, so no disk write can stall a measured command),
 * its log in a file. Closing it stops the process (SIGTERM, then SIGKILL); a shutdown hook kills
 * it too if the benchmark is stopped first.
 */
final class RedisProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Thread killer;
    private final int port;

    private RedisProcess(Process process, Thread killer, int port) {
        this.process = process;
        this.killer = killer;
        this.port = port;
    }

    /**
     * Finds the executable.
     *
     * @param configured the path given with {@code --redis-server}, or {@code null}
     * @return the executable, or empty if there is none (the scenario is then skipped)
     */
    static Optional<Path> find(Path configured) {
        if (configured != null) {
            return Files.isExecutable(configured) ? Optional.of(configured) : Optional.empty();
        }
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/bin", "/usr/sbin", "/usr/local/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts a server and waits until it answers PING.
     *
     * @param executable the redis-server executable
     * @param log where its output goes
     * @return the running server
     * @throws IOException if it cannot start or does not answer within 20 s; nothing is left running
     */
    static RedisProcess start(Path executable, Path log) throws IOException {
        int port = freePort();
        Path dir = log.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<String> command = List.of(executable.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(), "--logfile", "");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        Thread killer = new Thread(() -> kill(process), "bench-redis-killer");
        try {
            Runtime.getRuntime().addShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            kill(process);
            throw new IOException("the JVM is shutting down");
        }
        RedisProcess redis = new RedisProcess(process, killer, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited with " + process.exitValue() + " (see " + log + ")");
                }
                if (redis.pong()) {
                    return redis;
                }
                Thread.sleep(50);
            }
            throw new IOException("redis-server did not answer PING within " + START_TIMEOUT + " (see " + log + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            redis.close();
            throw new IOException("interrupted", e);
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** @return the URI the nodes connect to */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** @return the server's process id (for profiling it with perf or pidstat) */
    long pid() {
        return process.pid();
    }

    private boolean pong() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops the server: SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    kill(process);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
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
}
