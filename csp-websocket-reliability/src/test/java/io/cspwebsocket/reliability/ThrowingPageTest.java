package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.reliability.probe.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3, throwing pages under load: exceptions from onPreServer (403, never opened),
 * server() (synchronous and shared), onClientMessage and onPostServer, while healthy sockets echo
 * numbered messages. Only the throwing socket closes (1011; 1000 when onPostServer throws after a
 * normal close), onPostServer runs once, the healthy ones lose nothing, and the MBean counts
 * every callback error.
 */
class ThrowingPageTest extends SuiteBase {

    @BeforeAll
    static void startServer() throws Exception {
        start(200, Map.of(), Map.of());
    }

    @Test
    void aThrowingCallbackClosesOnlyItsOwnSocket() throws Exception {
        int k = Sizes.THROWING_PER_KIND;
        int messages = 2000;
        Jmx.Counters before = Jmx.Counters.now();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < Sizes.HEALTHY_SOCKETS; i++) {
            urls.add(server.ws(i % 2 == 0 ? "Rel.Echo" : "Rel.SharedEcho"));
        }
        List<WsClient> healthy = WsClient.connectAll(urls);
        List<CompletableFuture<Void>> load = new ArrayList<>();
        for (WsClient client : healthy) {
            client.expect(messages);
            load.add(client.sendNumbered(messages, "h".repeat(64)));
        }

        String page = "/csp/user/Rel.Throwing.cls";
        List<String> opened = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < k; i++) {
            try (RawWs pre = RawWs.connect(server.port(), page + "?where=preServer&shared=" + (i % 2))) {
                assertEquals(403, pre.status, "onPreServer threw: refused before the upgrade (SPEC §2.2)");
                refused++;
            }
            WsClient sync = WsClient.connect(server.ws("Rel.Throwing") + "?where=server");
            sync.send("before");
            assertEquals("before", sync.next());
            sync.send("boom");
            assertEquals(1011, sync.awaitClose(), "server() threw");
            opened.add(sync.webSocketId());

            WsClient sharedServer = WsClient.connect(server.ws("Rel.Throwing") + "?where=server&shared=1");
            assertEquals(1011, sharedServer.awaitClose(), "shared server() threw");
            opened.add(sharedServer.webSocketId());

            WsClient message = WsClient.connect(server.ws("Rel.Throwing") + "?where=clientMessage&shared=1");
            message.send("before");
            assertEquals("before", message.next());
            message.send("boom");
            assertEquals(1011, message.awaitClose(), "onClientMessage threw");
            opened.add(message.webSocketId());

            for (String shared : new String[] {"0", "1"}) {
                WsClient post = WsClient.connect(server.ws("Rel.Throwing") + "?where=postServer&shared=" + shared);
                post.send("before");
                assertEquals("before", post.next());
                post.close();
                assertEquals(1000, post.awaitClose(), "a normal close; onPostServer throws afterwards");
                opened.add(post.webSocketId());
            }
        }

        CompletableFuture.allOf(load.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
        for (WsClient client : healthy) {
            client.allReceived.get(120, TimeUnit.SECONDS);
            assertEquals(List.of(), List.copyOf(client.errors), client.webSocketId());
            assertTrue(!client.closed.isDone(), "healthy socket " + client.webSocketId() + " was closed");
        }
        awaitPostServerOnce(opened, Duration.ofSeconds(30));
        for (String id : opened) {
            long closes = Probe.events(id, "close:1");
            assertTrue(closes <= 1, id + ": " + Probe.events(id));
        }
        assertEquals(0, Probe.counter("sequence-errors"));
        // preServer (counted as a callback error and a refusal), 2 x server, onClientMessage, 2 x onPostServer
        Await.until(Duration.ofSeconds(10), () -> Jmx.Counters.now().callbackErrors() - before.callbackErrors() == 6L * k,
                () -> "CallbackErrors " + (Jmx.Counters.now().callbackErrors() - before.callbackErrors()) + ", expected " + 6 * k);
        assertEquals(refused, Jmx.Counters.now().refused() - before.refused(), "RefusedHandshakes");
        assertEquals(Sizes.HEALTHY_SOCKETS, Jmx.get("OpenSockets"), "only the throwing sockets closed");
        for (WsClient client : healthy) {
            client.close();
            assertEquals(1000, client.awaitClose());
        }
        assertLogLinesCarryIds();
        System.out.printf("RELIABILITY throwing (%s): %d throwing pages of 6 kinds beside %d healthy sockets x %d"
                + " messages; callback errors %d%n", Sizes.describe(), 6 * k, Sizes.HEALTHY_SOCKETS, messages,
                Jmx.Counters.now().callbackErrors() - before.callbackErrors());
    }
}
