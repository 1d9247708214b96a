package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.reliability.probe.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6, undeploy and redeploy under load: while every socket sends numbered messages and
 * reads the echoes, the WAR is undeployed. Every client sees 1001, every onPostServer runs once,
 * no library thread is left (platform threads by name, page threads virtual or not through weak
 * references), the MBean is gone, Tomcat reports no class-loader leak (its "find leaks" check and
 * no clearReferences warnings), and the redeployed WAR serves again. Repeated for several cycles.
 */
class UndeployTest extends SuiteBase {

    @BeforeAll
    static void startServer() throws Exception {
        start(200, Map.of("io.cspwebsocket.shutdownTimeout", "5s"), Map.of());
    }

    @Test
    void undeployUnderLoadClosesEverythingAndLeaksNothing() throws Exception {
        List<String> platformBefore = libraryPlatformThreads(); // the running application's heartbeat
        for (int cycle = 1; cycle <= Sizes.UNDEPLOY_CYCLES; cycle++) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < Sizes.UNDEPLOY_SOCKETS; i++) {
                urls.add(server.ws(i % 2 == 0 ? "Rel.Echo" : "Rel.SharedEcho"));
            }
            List<WsClient> clients = WsClient.connectAll(urls);
            List<String> ids = new ArrayList<>();
            for (WsClient client : clients) {
                client.sendNumbered(1_000_000, "u".repeat(32), 32); // cut short by the undeploy
                ids.add(client.webSocketId());
            }
            Await.until(Duration.ofSeconds(60), () -> clients.stream().allMatch(c -> c.numbered.get() >= 20),
                    "every socket under load");
            assertEquals(Sizes.UNDEPLOY_SOCKETS, Jmx.get("OpenSockets"));
            assertTrue(Jmx.get("LibraryThreads") > 0);

            long started = System.nanoTime();
            server.undeploy();
            double undeploySeconds = (System.nanoTime() - started) / 1e9;

            for (WsClient client : clients) {
                assertEquals(1001, client.awaitClose(), "close code of " + client.webSocketId());
                assertEquals(List.of(), List.copyOf(client.errors), "order at " + client.webSocketId());
            }
            awaitPostServerOnce(ids, Duration.ofSeconds(10));
            for (String id : ids) {
                assertEquals(1001, postCloseCode(id), id + " " + Probe.events(id));
            }
            assertFalse(Jmx.registered(), "the MBean would pin the class loader");
            Await.until(Duration.ofSeconds(10), () -> libraryPlatformThreads().isEmpty(),
                    () -> "library threads left: " + libraryPlatformThreads());
            Await.until(Duration.ofSeconds(10), () -> Probe.liveThreads().isEmpty(),
                    () -> "page threads left: " + Probe.liveThreads());
            awaitClassLoaderFreed(Duration.ofSeconds(30));
            assertEquals(List.of(), lastingLeakWarnings(), "Tomcat's leak warnings on undeploy");
            assertEquals(0, Probe.counter("sequence-errors"));

            server.deploy();
            assertEquals(platformBefore, libraryPlatformThreads(), "a fresh heartbeat only");
            WsClient echo = WsClient.connect(server.ws("Rel.Echo"));
            WsClient shared = WsClient.connect(server.ws("Rel.SharedEcho"));
            echo.send("again");
            shared.send("again");
            assertEquals("again", echo.next());
            assertEquals("again", shared.next());
            assertEquals(2, Jmx.get("OpenSockets"), "the redeployed application's MBean");
            echo.close();
            shared.close();
            assertEquals(1000, echo.awaitClose());
            assertEquals(1000, shared.awaitClose());
            Await.until(Duration.ofSeconds(10), () -> Jmx.get("OpenSockets") == 0, "sockets closed");
            System.out.printf("RELIABILITY undeploy (%s) cycle %d: %d sockets under load closed with 1001, undeploy"
                    + " took %.2f s, onPostServer once each, 0 library threads left, no class-loader leak;"
                    + " redeployed and served%n", Sizes.describe(), cycle, ids.size(), undeploySeconds);
        }
        assertLogLinesCarryIds();
    }

    /**
     * Fails unless Tomcat's "find leaks" check comes back empty within {@code timeout}; on failure,
     * says whether the class loader was freed later (and when) or is still reachable, since a late
     * release and a leak call for different fixes. Context names are quoted: ROOT's is "".
     */
    private static void awaitClassLoaderFreed(Duration timeout) {
        long started = System.nanoTime();
        try {
            Await.until(timeout, () -> server.leakedApplications().isEmpty(), "");
        } catch (AssertionError late) {
            List<String> leaked = server.leakedApplications();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!leaked.isEmpty() && System.nanoTime() < deadline) {
                sleep(1000);
                leaked = server.leakedApplications();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            throw new AssertionError(leaked.isEmpty()
                    ? String.format("the class loader was freed only after %.1f s (limit %s)", seconds, timeout)
                    : String.format("Tomcat still finds the class loader of %s reachable after %.1f s",
                            leaked.stream().map(name -> '"' + name + '"').toList(), seconds));
        }
    }

    /**
     * Tomcat's leak warnings, less those about its own pool threads (request threads,
     * {@code Catalina-utility}) that no longer have the undeployed application's class loader as
     * context class loader: Tomcat's check sees a pool thread that is running a task for the
     * application at that instant (reading a closing socket's last frames, the context's
     * background process) as a thread the application started. Such a warning is kept, and fails
     * the test, if the thread still holds that class loader; every other warning is kept.
     */
    private static List<String> lastingLeakWarnings() {
        ClassLoader undeployed = server.undeployedLoader();
        Map<String, Thread> live = new java.util.HashMap<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> live.put(thread.getName(), thread));
        List<String> lasting = new ArrayList<>();
        for (String warning : log.leakWarnings()) {
            java.util.regex.Matcher started = POOL_THREAD_WARNING.matcher(warning);
            Thread thread = started.find() ? live.get(started.group(1)) : null;
            boolean heldNoLonger = thread != null && (undeployed == null || thread.getContextClassLoader() != undeployed);
            if (heldNoLonger) {
                System.out.println("RELIABILITY undeploy: Tomcat's pool thread " + thread.getName()
                        + " ran a task of the application during the leak check; it no longer holds its class loader");
            } else {
                lasting.add(warning);
            }
        }
        return lasting;
    }

    private static final java.util.regex.Pattern POOL_THREAD_WARNING = java.util.regex.Pattern.compile(
            "started a thread named \\[((?:http-nio-[^\\]]*-exec-\\d+)|(?:Catalina-utility-\\d+))\\] but has failed to stop it");

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
