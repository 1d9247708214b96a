package io.cspwebsocket.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the benchmark in smoke mode (tiny sizes, a server child per installed JDK 25 and 17) so
 * that it cannot rot: every scenario must run against both the raw endpoint and the page, every
 * message must arrive, and the table must hold sane numbers. Not a measurement.
 */
class BenchmarksSmokeTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void smokeModeRunsEveryScenarioAndLosesNothing() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report report;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            report = Benchmarks.run(Options.parse(false, "--smoke", "--out", "target/bench-smoke.md"), out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);

        assertTrue(report.tally.problems.isEmpty(), "problems: " + report.tally.problems);
        assertTrue(report.tally.messagesExpected > 0, "no messages were sent");
        assertEquals(report.tally.messagesExpected, report.tally.messagesReceived, "messages lost");
        assertEquals(0, report.tally.corrupt, "corrupt, duplicate or stray messages");
        assertEquals(0, report.tally.connectFailures, "failed connections");
        assertEquals(0, report.tally.unexpectedCloses, "sockets closed by the server unasked");
        assertEquals(0, report.serverErrors, "errors counted by the server");
        assertTrue(report.handshakes > 0);
        assertEquals(0, report.extensionOffers, "the JDK client offered an extension");

        Set<String> servers = new LinkedHashSet<>();
        report.rows.forEach(row -> servers.add(row.server()));
        assertFalse(servers.isEmpty(), "no server configuration ran");
        for (String server : servers) {
            for (String scenario : Options.ALL_SCENARIOS) {
                assertTrue(report.scenariosRun.contains(scenario + "@" + server), scenario + " did not run on " + server);
                assertTrue(report.rows.stream().anyMatch(r -> r.scenario().equals(scenario) && r.server().equals(server)),
                        "no rows for " + scenario + " on " + server);
            }
            List<Report.Row> echoRows = report.rows.stream()
                    .filter(r -> r.server().equals(server) && r.scenario().startsWith("echo")).toList();
            // 5 rows per echo scenario, and 3 of the thread-per-socket reference for echo-sync.
            assertEquals(13, echoRows.size(), "echo rows on " + server);
            assertEquals(3, echoRows.stream().filter(r -> r.scenario().equals("echo-sync")
                    && r.variant().equals(Benchmarks.THREAD_REFERENCE)).count(), "reference rows on " + server);
            assertEquals(8, report.rows.stream()
                    .filter(r -> r.server().equals(server) && r.scenario().equals("broadcast")).count());
            assertEquals(4, report.rows.stream()
                    .filter(r -> r.server().equals(server) && r.scenario().equals("idle")).count());
        }
        for (Report.Row row : report.rows) {
            assertTrue(Double.isFinite(row.raw()) && Double.isFinite(row.csp()), "not a number: " + row);
            if (row.metric().startsWith("server CPU")) {
                // The process CPU clock ticks in steps of 10 ms: a smoke run's few messages may see no tick.
                assertTrue(row.raw() >= 0 && row.csp() >= 0, "negative: " + row);
            } else if (!row.metric().startsWith("RSS")) { // RSS moves with the allocator: its difference may be negative
                assertTrue(row.raw() > 0 && row.csp() > 0, "not positive: " + row);
            }
            if (row.metric().startsWith("heap per connection")) {
                // Tomcat alone holds tens of KB per WebSocket; a figure outside this range is a measuring bug.
                assertTrue(row.raw() > 1 && row.raw() < 1024 && row.csp() > 1 && row.csp() < 1024, "heap: " + row);
            }
        }
        assertTrue(text.contains("| Scenario | Server JDK |"), text);
        assertTrue(text.contains("permessage-deflate: NOT offered"), text);
        assertFalse(text.contains("PROBLEMS:"), text);
    }

    /**
     * The cross-node scenario in smoke mode on one JDK (25 if installed, else 17): redis-server,
     * two node children, 4 pages on each, 200 writes of each kind per run. About 15 s. Skipped
     * without redis-server, except under {@code CI=true}, where CI installs it.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void crossNodeSmokeWritesThroughRedisAndLosesNothing() throws Exception {
        if (RedisProcess.find(null).isEmpty()) {
            String message = "redis-server not found (PATH, /usr/bin...); on Debian: apt-get install -y redis-server";
            assertFalse("true".equalsIgnoreCase(System.getenv("CI")), message + ": under CI=true it must be there");
            Assumptions.abort(message + ". Skipping the cross-node smoke outside CI.");
        }
        String jdk = ServerJdk.find("25", null).isPresent() ? "25" : "17";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report report;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            report = Benchmarks.run(Options.parse(false, "--smoke", "--scenarios", Options.CROSS_NODE, "--jdks", jdk,
                    "--out", "target/bench-smoke-cross-node.md"), out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);

        assertTrue(report.tally.problems.isEmpty(), "problems: " + report.tally.problems);
        // 2 runs x 200 writes of each kind (the warm-up is not counted).
        assertEquals(800, report.tally.messagesExpected, "writes counted");
        assertEquals(report.tally.messagesExpected, report.tally.messagesReceived, "messages lost");
        assertEquals(0, report.tally.corrupt, "corrupt, duplicate, stray or clock-skewed messages");
        assertEquals(0, report.tally.connectFailures, "failed connections");
        assertEquals(0, report.tally.unexpectedCloses, "sockets closed by the server unasked");
        assertEquals(0, report.serverErrors, "errors counted by the nodes");
        assertEquals(1, report.scenariosRun.size(), "scenarios run: " + report.scenariosRun);
        assertTrue(report.scenariosRun.get(0).startsWith(Options.CROSS_NODE + "@"), report.scenariosRun.toString());
        List<Report.Row> rows = report.rows.stream().filter(r -> r.scenario().equals(Options.CROSS_NODE)).toList();
        assertEquals(6, rows.size(), "cross-node rows");
        for (Report.Row row : rows) {
            // Microseconds: positive, and below the 60 s a write may take at most.
            assertTrue(row.raw() > 0 && row.raw() < 60e6 && row.csp() > 0 && row.csp() < 60e6, "implausible: " + row);
        }
        assertTrue(rows.stream().anyMatch(r -> r.compare() == Report.Compare.DIFF_AT_MOST && r.target() == 2000),
                "no row with issue 15's target 5");
        assertTrue(text.contains("scheduler, per pair of writes"), text);
        assertFalse(text.contains("PROBLEMS:"), text);
    }
}
