package io.cspwebsocket.tck.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread dumps taken when something that should be quick stalls, such as a handshake that does
 * not finish within the kit's timeout.
 *
 * <p>Why: a stall that happens once in many runs (seen on Payara Micro) leaves nothing to read
 * afterwards: by the time a person looks, the server has moved on. The dump is taken at the
 * moment of the stall, of this JVM (the test client, and an embedded container) and, when a
 * runner names it in {@value #SERVER_PID_PROPERTY}, of the server's own process through
 * {@code jcmd}. Dumps go to {@value #DIR_PROPERTY} (default {@code target/stall-dumps}); at most
 * {@link #MAX_DUMPS} are kept per test JVM, so a stall storm cannot fill the disk.
 */
public final class StallDiagnostics {

    /** The pid of a container that runs in a process of its own (set by that container's runner). */
    public static final String SERVER_PID_PROPERTY = "io.cspwebsocket.tck.serverPid";
    /** Where dumps are written. */
    public static final String DIR_PROPERTY = "io.cspwebsocket.tck.stallDumpDir";
    /** Dumps kept per test JVM. */
    static final int MAX_DUMPS = 3;

    private static final AtomicInteger TAKEN = new AtomicInteger();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS")
            .withZone(java.time.ZoneOffset.UTC);

    private StallDiagnostics() {
    }

    /**
     * Records thread dumps of this JVM and of the server process, if one is named.
     *
     * @param what the stall, e.g. "handshake to ws://... did not finish within 10000 ms"
     * @return a short text for an assertion message: where the dump is, or why there is none
     */
    public static String record(String what) {
        int number = TAKEN.incrementAndGet();
        if (number > MAX_DUMPS) {
            return "(no thread dump: " + MAX_DUMPS + " taken already in this run)";
        }
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, "target/stall-dumps"));
        Path file = dir.resolve("stall-" + STAMP.format(Instant.now()) + "-" + number + ".txt");
        StringBuilder text = new StringBuilder();
        text.append("Stall: ").append(what).append("\nAt: ").append(Instant.now()).append("\n\n");
        text.append("=== this JVM (test client; embedded container, if any) ===\n");
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            text.append(fullStack(thread));
        }
        String pid = System.getProperty(SERVER_PID_PROPERTY);
        if (pid != null) {
            text.append("\n=== server process ").append(pid).append(" (jcmd Thread.print) ===\n");
            text.append(serverDump(pid));
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return "(thread dump in " + file.toAbsolutePath() + ")";
        } catch (IOException e) {
            return "(thread dump not written: " + e + ")";
        }
    }

    /** ThreadInfo.toString cuts stacks at 8 frames; a stall needs them whole. */
    private static String fullStack(ThreadInfo thread) {
        StringBuilder out = new StringBuilder();
        out.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
        if (thread.getLockName() != null) {
            out.append(" on ").append(thread.getLockName());
        }
        if (thread.getLockOwnerName() != null) {
            out.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
        }
        out.append('\n');
        for (StackTraceElement frame : thread.getStackTrace()) {
            out.append("\tat ").append(frame).append('\n');
        }
        return out.append('\n').toString();
    }

    private static String serverDump(String pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), pid, "Thread.print", "-l"));
        Path output = null;
        try {
            // Into a file, not a pipe: a jcmd that hangs (the target does not answer the attach)
            // must not hang the test with it.
            output = Files.createTempFile("csp-tck-jcmd", ".txt");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "jcmd did not finish within 30 s\n" + Files.readString(output, StandardCharsets.UTF_8);
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "jcmd failed: " + e + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for jcmd\n";
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
