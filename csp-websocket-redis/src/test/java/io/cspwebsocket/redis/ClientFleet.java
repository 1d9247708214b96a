package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.cspwebsocket.redis.node.ClientFleetMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link ClientFleetMain} in a JVM of its own: many WebSocket clients of one node. Its output goes
 * to {@code <workDir>/fleet-<name>.log}.
 */
final class ClientFleet implements AutoCloseable {

    /** When every client of a round had the broadcast: how many, the first and the last arrival (nanoTime). */
    record Arrival(int clients, long first, long last) {
    }

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** One client's WebSocket id, from the READY line. */
    String someId;
    /** How long opening every client took. */
    long openMillis;

    private ClientFleet(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintStream file = new PrintStream(Files.newOutputStream(log, StandardOpenOption.CREATE,
                         StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    file.println(line);
                    if (line.startsWith("READY ") || line.startsWith("FAILED") || line.startsWith("ARRIVED ")
                            || line.startsWith("COUNT ")) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the fleet died; whoever waits for a line times out with the log's name
            }
        }, "fleet-output " + name);
        pump.setDaemon(true);
        pump.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop fleet " + name));
    }

    /** Starts {@code clients} clients of {@code page}; {@link #awaitReady} waits until all are open. */
    static ClientFleet launch(String name, URI page, int clients, String heap, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                "-cp", classPath, ClientFleetMain.class.getName(), page.toString(), Integer.toString(clients));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ClientFleet(name, process, workDir.resolve("fleet-" + name + ".log"));
    }

    ClientFleet awaitReady(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || !line.startsWith("READY ")) {
            fail("the clients of " + name + " did not open within " + timeout + " (" + line + "); see fleet-" + name + ".log");
        }
        String[] fields = line.split(" ");
        openMillis = Long.parseLong(fields[2]);
        someId = fields[3];
        return this;
    }

    /**
     * @return when every client had the broadcast of {@code round}; fails with the count so far if
     *         they did not all have it within {@code timeout}
     */
    Arrival awaitArrived(String round, Duration timeout) throws InterruptedException, IOException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            OutputStream in = process.getOutputStream();
            in.write(("count " + round + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            fail("not every client of " + name + " had round " + round + " within " + timeout + ": "
                    + lines.poll(10, TimeUnit.SECONDS));
        }
        String[] fields = line.split(" ");
        if (!fields[0].equals("ARRIVED") || !fields[1].equals(round)) {
            fail("the clients of " + name + " said '" + line + "' while round " + round + " was awaited");
        }
        return new Arrival(Integer.parseInt(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[4]));
    }

    @Override
    public void close() {
        try {
            OutputStream in = process.getOutputStream();
            in.write("quit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
