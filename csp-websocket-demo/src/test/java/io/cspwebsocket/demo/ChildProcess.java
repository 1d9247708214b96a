package io.cspwebsocket.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process a test started: its output goes to a log file, and {@link #close()} always ends it
 * and its descendants, gently first (SIGTERM, so servers shut down and close their sockets), then
 * by force after a bounded wait. A JVM shutdown hook does the same if the test JVM exits first.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread killer;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.killer = new Thread(() -> kill(process), "kill-" + name);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts {@code command} with stdout and stderr appended to {@code log}. Standard input stays
     * a pipe held by this object; it is closed on {@link #close()}.
     */
    static ChildProcess start(String name, ProcessBuilder builder, Path log) {
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + builder.command(), e);
        }
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /**
     * Waits until a line of the output matches {@code pattern}, the process dies, or the timeout
     * passes; returns the match of the first matching line.
     */
    Matcher awaitOutput(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Matcher> match = readLog().stream().map(pattern::matcher).filter(Matcher::find).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue()
                        + " before printing /" + pattern + "/:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not print /" + pattern + "/ within " + timeout + ":\n" + tail());
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Polls {@code condition} until it holds, failing if the process dies or time runs out. */
    void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " while waiting for "
                        + what + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no " + what + " within " + timeout + ":\n" + tail());
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** The last lines of the output, for failure messages. */
    String tail() {
        List<String> lines = readLog();
        return "---- last lines of " + log + " ----\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs anyway.
        }
        kill(process);
    }

    private static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.flush();
        } catch (IOException e) {
            // Already closed: nothing to do.
        }
        process.destroy();
        try {
            if (!process.waitFor(DemoTestEnvironment.STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(DemoTestEnvironment.STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // Children that outlived their parent (browser helpers, for instance).
        for (ProcessHandle child : descendants) {
            child.destroyForcibly();
        }
    }

    private List<String> readLog() {
        try {
            // Lenient decoding: a child may print bytes that are not UTF-8.
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList() : List.of();
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e + ")");
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
