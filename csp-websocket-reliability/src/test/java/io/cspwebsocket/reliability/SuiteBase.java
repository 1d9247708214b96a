package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cspwebsocket.reliability.probe.Probe;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;

/** One server and one log capture per test class; shared checks. */
abstract class SuiteBase {

    static LogCapture log;
    static ReliabilityServer server;

    static void start(int maxThreads, Map<String, String> parameters, Map<String, String> connector) throws Exception {
        Probe.reset();
        log = new LogCapture();
        server = new ReliabilityServer(maxThreads, parameters, connector);
    }

    @AfterAll
    static void stopServer() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            server = null;
            if (log != null) {
                log.close();
            }
            Probe.reset();
        }
    }

    /** Every library line about a connection carries its WebSocketID (SPEC §2.5, STYLE 13). */
    static void assertLogLinesCarryIds() {
        List<String> bad = log.libraryLinesWithoutId();
        assertEquals(List.of(), bad, "library log lines about a connection without its WebSocketID");
    }

    /** Waits until each socket's onPostServer ran, and fails if any ran more than once. */
    static void awaitPostServerOnce(Collection<String> ids, Duration timeout) {
        Await.until(timeout, () -> ids.stream().allMatch(id -> Probe.events(id, "post:") >= 1),
                () -> "onPostServer not run for " + ids.stream().filter(id -> Probe.events(id, "post:") == 0)
                        .map(id -> id + " " + Probe.events(id)).collect(Collectors.toList()));
        for (String id : ids) {
            assertEquals(1, Probe.events(id, "post:"), () -> "onPostServer runs of " + id + ": " + Probe.events(id));
        }
    }

    /** @return the close code onPostServer saw ({@code post:<code>}) */
    static int postCloseCode(String id) {
        return Probe.events(id).stream().filter(e -> e.startsWith("post:"))
                .mapToInt(e -> Integer.parseInt(e.substring(5))).findFirst().orElse(-1);
    }

    /** @return live platform threads the library named (csp-page, csp-heartbeat, csp-worker, …) */
    static List<String> libraryPlatformThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("csp-")).sorted().collect(Collectors.toList());
    }

    /**
     * @return live threads, less the pools that grow with load and shrink on their own clock
     *         (Tomcat's request threads, the JDK HTTP client's workers, the common pool)
     */
    static int steadyThreadCount() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> !name.startsWith("http-nio-") && !name.startsWith("HttpClient-")
                        && !name.startsWith("ForkJoinPool")).count();
    }

    /** @return heap in use after a full collection, in bytes */
    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    static final long MIB = 1 << 20;
}
