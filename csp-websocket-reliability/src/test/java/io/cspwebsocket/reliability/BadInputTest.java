package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.reliability.probe.Probe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7, bad input, each with its documented answer while a healthy socket keeps echoing
 * numbered messages: invalid UTF-8 (1007), messages over maxMessageSize in one frame, in
 * fragments and from a well-behaved client (1009), forged, malformed and stale ids (7951, 5001),
 * unknown and non-page class names (404), cross-site Origins (403).
 */
class BadInputTest extends SuiteBase {

    @BeforeAll
    static void startServer() throws Exception {
        start(200, Map.of("io.cspwebsocket.maxMessageSize", "64KiB"), Map.of());
    }

    @Test
    void eachBadInputGetsItsDocumentedErrorAndDisturbsNothingElse() throws Exception {
        Jmx.Counters before = Jmx.Counters.now();
        WsClient healthy = WsClient.connect(server.ws("Rel.Echo"));
        int load = 3000;
        healthy.expect(load);
        CompletableFuture<Void> sending = healthy.sendNumbered(load, "ok");
        List<String> closedIds = new ArrayList<>();

        for (String page : new String[] {"Rel.Echo", "Rel.SharedEcho"}) {
            // Invalid UTF-8 in one frame, then split across a fragment boundary.
            try (RawWs raw = RawWs.connect(server.port(), "/csp/user/" + page + ".cls")) {
                closedIds.add(raw.readId());
                raw.frame(RawWs.TEXT, true, new byte[] {'a', (byte) 0xC3, 0x28});
                assertEquals(1007, raw.awaitClose(), page + ": invalid UTF-8");
            }
            try (RawWs raw = RawWs.connect(server.port(), "/csp/user/" + page + ".cls")) {
                closedIds.add(raw.readId());
                raw.frame(RawWs.TEXT, false, new byte[] {'a', (byte) 0xE2, (byte) 0x82});
                raw.frame(RawWs.CONTINUATION, true, new byte[] {'b'});
                assertEquals(1007, raw.awaitClose(), page + ": invalid UTF-8 across fragments");
            }
            // Over the 64 KiB limit: one frame that says 10 MiB, and many small fragments. Of the
            // big frame, 128 KiB are sent: the container hands text on in pieces of its own
            // message buffer (8 KiB on Tomcat), so the library sees the limit crossed only once a
            // whole piece beyond it has arrived (70,000 bytes, 4,464 past the limit, never did).
            try (RawWs raw = RawWs.connect(server.port(), "/csp/user/" + page + ".cls")) {
                closedIds.add(raw.readId());
                raw.partialFrame(RawWs.TEXT, 10 << 20, "x".repeat(128 << 10).getBytes(StandardCharsets.UTF_8));
                assertEquals(1009, raw.awaitClose(), page + ": one oversize frame");
            }
            try (RawWs raw = RawWs.connect(server.port(), "/csp/user/" + page + ".cls")) {
                closedIds.add(raw.readId());
                byte[] piece = "y".repeat(4096).getBytes(StandardCharsets.UTF_8);
                raw.frame(RawWs.TEXT, false, piece);
                for (int i = 0; i < 20; i++) {
                    raw.frame(RawWs.CONTINUATION, false, piece);
                }
                assertEquals(1009, raw.awaitClose(), page + ": oversize in fragments");
            } catch (java.net.SocketException reset) {
                throw new AssertionError(page + ": the connection was reset instead of closed with 1009", reset);
            }
            WsClient big = WsClient.connect(server.ws(page));
            closedIds.add(big.webSocketId());
            big.socket.sendText("z".repeat(100_000), true);
            assertEquals(1009, big.awaitClose(), page + ": a 100 KB message");
        }
        awaitPostServerOnce(closedIds, Duration.ofSeconds(10));
        for (String id : closedIds) {
            List<String> events = Probe.events(id);
            assertTrue(events.contains("read:7951") || events.contains("close:1"), id + " " + events);
        }

        // Ids: forged (well-formed, never issued), stale (closed above), malformed.
        String forged = "AAAAAAAAAAAAAAAAAAAAAA";
        assertTrue(AbruptClientTest.inspect(forged).startsWith("status=7951 write=7951 "), "forged id");
        assertTrue(AbruptClientTest.inspect(closedIds.get(0)).startsWith("status=7951 write=7951 "), "stale id");
        assertTrue(AbruptClientTest.inspect("..%2F..%2Fetc").startsWith("status=5001 write=5001 "), "malformed id");
        assertTrue(AbruptClientTest.inspect("").startsWith("status=5001 "), "empty id");

        // Unknown and non-page class names: 404, nothing loaded or created (SPEC §1.4).
        for (String name : new String[] {"No.Such", "java.lang.Runtime", "io.cspwebsocket.reliability.probe.Probe",
                "io.cspwebsocket.reliability.pages.Numbered", "io.cspwebsocket.reliability.pages.Echo", "rel.echo",
                "Rel.Echo.cls"}) {
            try (RawWs raw = RawWs.connect(server.port(), "/csp/user/" + name + ".cls")) {
                assertEquals(404, raw.status, name);
            }
        }
        // An encoded NUL never reaches the library: Tomcat answers 400 itself.
        try (RawWs raw = RawWs.connect(server.port(), "/csp/user/Rel.Echo%00.cls")) {
            assertEquals(400, raw.status, "Rel.Echo%00");
        }
        // Cross-site Origins: 403 before any page exists; same-origin is fine.
        int refused = 0;
        for (String origin : new String[] {"http://evil.example", "null", "http://localhost:" + server.port(),
                "https://127.0.0.1:" + server.port()}) {
            try (RawWs raw = RawWs.connect(server.port(), "/csp/user/Rel.Echo.cls", Map.of("Origin", origin), 0)) {
                assertEquals(403, raw.status, "Origin " + origin);
                refused++;
            }
        }
        try (RawWs raw = RawWs.connect(server.port(), "/csp/user/Rel.Echo.cls",
                Map.of("Origin", "http://127.0.0.1:" + server.port()), 0)) {
            assertEquals(101, raw.status, "same-origin");
            closedIds.add(raw.readId());
            raw.frame(RawWs.CLOSE, true, new byte[] {0x03, (byte) 0xE8});
            assertEquals(1000, raw.awaitClose());
        }

        sending.get(60, TimeUnit.SECONDS);
        healthy.allReceived.get(60, TimeUnit.SECONDS);
        assertEquals(List.of(), List.copyOf(healthy.errors), "the healthy socket's echoes");
        assertTrue(!healthy.closed.isDone(), "the healthy socket was closed");
        Jmx.Counters after = Jmx.Counters.now();
        assertEquals(refused, after.refused() - before.refused(), "RefusedHandshakes: the 403s");
        assertEquals(0, after.callbackErrors() - before.callbackErrors(), "CallbackErrors");
        assertEquals(0, Probe.counter("sequence-errors"));
        healthy.close();
        assertEquals(1000, healthy.awaitClose());
        awaitPostServerOnce(closedIds, Duration.ofSeconds(10));
        assertLogLinesCarryIds();
        System.out.printf("RELIABILITY bad input: 1007 x4, 1009 x6, forged/stale ids 7951, malformed 5001, 8 names 404,"
                + " %d Origins 403; the healthy socket echoed %d messages in order meanwhile%n", refused, load);
    }
}
