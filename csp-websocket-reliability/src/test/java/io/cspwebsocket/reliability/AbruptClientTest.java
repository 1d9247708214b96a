package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.reliability.probe.Probe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2, abrupt clients: clients reset (RST, SO_LINGER 0, no close frame) in the middle of a
 * message they send, clients reset while their page writes to them, and clients that vanish
 * silently (never answer a ping again) and are cut by the idle timeout. Each page reads 7951,
 * runs onPostServer once, and its id is gone from the registry; healthy idle clients that answer
 * pings stay open past the idle timeout.
 */
class AbruptClientTest extends SuiteBase {

    @BeforeAll
    static void startServer() throws Exception {
        start(200, Map.of("io.cspwebsocket.pingInterval", "300ms", "io.cspwebsocket.idleTimeout", "1500ms",
                "io.cspwebsocket.sendTimeout", "5s"), Map.of());
    }

    @Test
    void everyPageSees7951AndRunsOnPostServerOnceAndTheRegistryForgetsIt() throws Exception {
        int n = Sizes.ABRUPT_CLIENTS;
        Jmx.Counters before = Jmx.Counters.now();
        WsClient healthy = WsClient.connect(server.ws("Rel.Echo"));
        WsClient healthyShared = WsClient.connect(server.ws("Rel.SharedEcho"));

        List<String> resetReaders = new ArrayList<>();
        List<String> resetWriters = new ArrayList<>();
        List<String> vanished = new ArrayList<>();
        List<RawWs> silent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Reset in the middle of a message: the frame says 1,000 bytes, 100 arrive, then RST.
            RawWs reader = RawWs.connect(server.port(), "/csp/user/" + (i % 2 == 0 ? "Rel.Echo" : "Rel.SharedEcho") + ".cls");
            resetReaders.add(reader.readId());
            reader.partialFrame(RawWs.TEXT, 1000, "#0:".concat("m".repeat(96)).getBytes(StandardCharsets.UTF_8));
            reader.reset();
            // Reset while the page writes to it as fast as it can.
            RawWs writer = RawWs.connect(server.port(), "/csp/user/Rel.Pusher.cls?size=4096&count=0");
            resetWriters.add(writer.readId());
            writer.readFrame();
            writer.reset();
            // Vanish: open, then nothing at all (no pong, no FIN).
            RawWs gone = RawWs.connect(server.port(), "/csp/user/" + (i % 2 == 0 ? "Rel.Echo" : "Rel.SharedEcho") + ".cls");
            vanished.add(gone.readId());
            silent.add(gone);
        }
        List<String> all = new ArrayList<>(resetReaders);
        all.addAll(resetWriters);
        all.addAll(vanished);

        awaitPostServerOnce(all, Duration.ofSeconds(30));
        for (String id : resetReaders) {
            List<String> events = Probe.events(id);
            assertTrue(events.contains("read:7951") || events.contains("close:1"), id + " " + events);
        }
        for (String id : resetWriters) {
            List<String> events = Probe.events(id);
            assertTrue(events.stream().anyMatch(e -> e.equals("write:7951") || e.equals("write:5001")), id + " " + events);
        }
        for (String id : vanished) {
            List<String> events = Probe.events(id);
            assertTrue(events.contains("read:7951") || events.contains("close:1"), id + " " + events);
            assertEquals(1001, postCloseCode(id), id + " closed by the idle timeout: " + events);
        }
        Await.until(Duration.ofSeconds(10), () -> Jmx.get("OpenSockets") == 2, () -> "open " + Jmx.get("OpenSockets"));
        Jmx.Counters after = Jmx.Counters.now();
        assertEquals(3L * n + 2, after.opened() - before.opened());
        assertEquals(0, after.callbackErrors() - before.callbackErrors());
        for (String id : all) {
            String answer = inspect(id);
            assertTrue(answer.startsWith("status=7951 write=7951 "), id + ": " + answer);
        }
        assertTrue(inspect(healthy.webSocketId()).startsWith("status=0 "), "the healthy socket is listed");

        // Healthy idle clients answer pings: still open long after the idle timeout.
        healthy.send("#0:still here");
        healthyShared.send("#0:still here");
        Await.until(Duration.ofSeconds(10), () -> healthy.numbered.get() == 1 && healthyShared.numbered.get() == 1,
                "healthy sockets answered after the idle timeout");
        assertTrue(!healthy.closed.isDone() && !healthyShared.closed.isDone(), "a healthy client was cut");
        for (RawWs socket : silent) {
            socket.close();
        }
        healthy.close();
        healthyShared.close();
        assertEquals(1000, healthy.awaitClose());
        assertEquals(1000, healthyShared.awaitClose());
        assertLogLinesCarryIds();
        System.out.printf("RELIABILITY abrupt (%s): %d reset mid-message, %d reset mid-write, %d vanished; all 7951,"
                + " onPostServer once, ids gone%n", Sizes.describe(), n, n, n);
    }

    /** Asks Rel.Inspector, inside the application, what openServer(id) says. */
    static String inspect(String id) throws Exception {
        WsClient inspector = WsClient.open(server.ws("Rel.Inspector") + "?id=" + id)
                .get(WsClient.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        String answer = inspector.next();
        inspector.awaitClose();
        return answer;
    }
}
