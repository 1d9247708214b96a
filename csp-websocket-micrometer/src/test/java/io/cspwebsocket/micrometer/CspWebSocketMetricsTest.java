package io.cspwebsocket.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.impl.CspEndpoints;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The binder against a {@link SimpleMeterRegistry}, with real sockets on standalone Tyrus
 * ({@link CspEndpoints}): no servlet container, no Spring.
 */
class CspWebSocketMetricsTest {

    /** Echoes on its own thread (synchronous mode). */
    @CspClass("Metrics.Echo")
    public static class Echo extends CspWebSocket {
        @Override
        protected CspStatus server() {
            for (;;) {
                ReadResult r = read(32656, Duration.ofSeconds(30));
                if (r.status().isClosed() || "exit".equals(r.data())) {
                    return endServer();
                }
                if (!r.status().isTimeout()) {
                    write(r.data());
                }
            }
        }
    }

    /** Echoes in onClientMessage (shared mode); "fail" returns an error status (a callback error, close 1011). */
    @CspClass("Metrics.Shared")
    public static class Shared extends CspWebSocket {
        @Override
        protected CspStatus onPreServer() {
            setSharedConnection(true);
            return CspStatus.OK;
        }

        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }

        @Override
        protected CspStatus onClientMessage(String data, int close) {
            if (close == 0 && "fail".equals(data)) {
                return CspStatus.error("asked to fail");
            }
            return close == 0 ? write(data) : CspStatus.OK;
        }
    }

    /** Refuses every handshake in onPreServer. */
    @CspClass("Metrics.Refuse")
    public static class Refuse extends CspWebSocket {
        @Override
        protected CspStatus onPreServer() {
            return CspStatus.error("no");
        }

        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }
    }

    /** Tyrus's way to be handed the endpoints. */
    public static class Application implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            return endpoints.configs();
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static CspEndpoints endpoints;
    private Server server;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        endpoints = CspEndpoints.of(List.of(Echo.class, Shared.class, Refuse.class), Map.of());
        server = new Server("127.0.0.1", -1, "/", Map.of(), Application.class); // -1: a free port
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        endpoints.close();
    }

    @Test
    void countsSocketsMessagesBytesRefusalsAndErrorsOfARunningApplication() throws Exception {
        try (CspWebSocketMetrics metrics = new CspWebSocketMetrics(endpoints.statistics(), Tags.of("node", "a"))) {
            metrics.bindTo(registry);
            Client echo1 = Client.connect(url("Metrics.Echo"));
            Client echo2 = Client.connect(url("Metrics.Echo"));
            Client shared = Client.connect(url("Metrics.Shared"));
            assertEquals("héllo", echo1.ask("héllo")); // 6 bytes in UTF-8
            assertEquals("abc", echo2.ask("abc"));
            assertEquals("xy", shared.ask("xy"));
            await(() -> open("Metrics.Echo", "synchronous") == 2 && open("Metrics.Shared", "shared") == 1);
            assertEquals(0, open("Metrics.Echo", "shared"));
            assertEquals(0, open("Metrics.Shared", "synchronous"));
            assertEquals(2, counter(CspWebSocketMetrics.SOCKETS_OPENED, "page", "Metrics.Echo"));
            assertEquals(1, counter(CspWebSocketMetrics.SOCKETS_OPENED, "page", "Metrics.Shared"));
            assertEquals(3, counter(CspWebSocketMetrics.MESSAGES, "direction", "in"));
            await(() -> counter(CspWebSocketMetrics.MESSAGES, "direction", "out") == 3);
            assertEquals(6 + 3 + 2, counter(CspWebSocketMetrics.BYTES, "direction", "in"));
            assertEquals(6 + 3 + 2, counter(CspWebSocketMetrics.BYTES, "direction", "out"));
            assertEquals("bytes", registry.get(CspWebSocketMetrics.BYTES).functionCounters().iterator().next()
                    .getId().getBaseUnit());

            assertEquals(1008, Client.connect(url("Metrics.Refuse")).awaitClose()); // no servlet layer: 1008, not 403
            assertEquals(1, counter(CspWebSocketMetrics.HANDSHAKES_REFUSED, "reason", "on-pre-server"));
            assertEquals(0, counter(CspWebSocketMetrics.HANDSHAKES_REFUSED, "reason", "origin"));

            shared.send("fail");
            assertEquals(1011, shared.awaitClose());
            await(() -> counter(CspWebSocketMetrics.CALLBACK_ERRORS, null, null) == 1);
            echo1.send("exit");
            assertEquals(1000, echo1.awaitClose());
            await(() -> open("Metrics.Echo", "synchronous") == 1 && open("Metrics.Shared", "shared") == 0);
            assertEquals(0, counter(CspWebSocketMetrics.SEND_TIMEOUTS, null, null));
            echo2.send("exit");
            echo2.awaitClose();
            // "fail" and the two "exit"s came in and were not answered: in and out differ now
            assertEquals(6, counter(CspWebSocketMetrics.MESSAGES, "direction", "in"));
            assertEquals(3, counter(CspWebSocketMetrics.MESSAGES, "direction", "out"));
            assertEquals(11 + 4 + 4 + 4, counter(CspWebSocketMetrics.BYTES, "direction", "in"));
            assertEquals(11, counter(CspWebSocketMetrics.BYTES, "direction", "out"));

            Gauge gauge = registry.get(CspWebSocketMetrics.SOCKETS_OPEN).tag("page", "Metrics.Echo")
                    .tag("mode", "synchronous").gauge();
            assertEquals("standalone", gauge.getId().getTag("application"));
            assertEquals("a", gauge.getId().getTag("node"));
        }
    }

    @Test
    void everyReasonIsThereFromTheStartAndTagsAreBounded() {
        new CspWebSocketMetrics().bindTo(registry);
        assertEquals(7, registry.get(CspWebSocketMetrics.HANDSHAKES_REFUSED).functionCounters().size());
        // 3 pages x 2 modes; 3 pages opened; in/out messages and bytes; 7 reasons; timeouts; errors
        assertEquals(6 + 3 + 4 + 7 + 2, registry.getMeters().size());
        registry.getMeters().forEach(meter -> meter.getId().getTags().forEach(tag ->
                assertTrue(tag.getValue().matches("[A-Za-z.\\-]+|/|standalone"), tag.toString())));
    }

    @Test
    void metersFollowApplicationsThatStartAndStop() throws Exception {
        try (CspWebSocketMetrics metrics = new CspWebSocketMetrics()) {
            metrics.bindTo(registry);
            assertEquals(1, registry.find(CspWebSocketMetrics.SEND_TIMEOUTS).functionCounters().size());
            endpoints.close(); // the application stops: its meters go
            assertNull(registry.find(CspWebSocketMetrics.SEND_TIMEOUTS).functionCounter());
            try (CspEndpoints later = CspEndpoints.of(List.<Class<?>>of(Echo.class), Map.of())) {
                // started after bindTo: bound all the same, with fresh counters
                assertEquals(0, counter(CspWebSocketMetrics.SOCKETS_OPENED, "page", "Metrics.Echo"));
                assertEquals(2, registry.find(CspWebSocketMetrics.SOCKETS_OPEN).gauges().size());
            }
            assertTrue(registry.getMeters().isEmpty(), registry.getMeters().toString());
        }
    }

    @Test
    void aClosedBinderNoLongerFollowsApplications() {
        CspWebSocketMetrics metrics = new CspWebSocketMetrics();
        metrics.bindTo(registry);
        int bound = registry.getMeters().size();
        metrics.close();
        endpoints.close(); // a stop no longer seen: the meters stay
        assertEquals(bound, registry.getMeters().size());
        try (CspEndpoints later = CspEndpoints.of(List.<Class<?>>of(Echo.class), Map.of())) {
            assertEquals(bound, registry.getMeters().size()); // a start neither
        }
    }

    private double open(String page, String mode) {
        return registry.get(CspWebSocketMetrics.SOCKETS_OPEN).tag("page", page).tag("mode", mode).gauge().value();
    }

    private double counter(String name, String tag, String value) {
        var search = registry.get(name);
        if (tag != null) {
            search = search.tag(tag, value);
        }
        FunctionCounter counter = search.functionCounter();
        return counter.count();
    }

    private String url(String page) {
        return "ws://127.0.0.1:" + server.getPort() + "/csp/user/" + page + ".cls";
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT);
            }
            Thread.sleep(10);
        }
    }

    /** A JDK WebSocket client that queues the text it receives. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Client connect(String url) throws Exception {
            Client client = new Client();
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), client)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void send(String text) throws Exception {
            socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        String ask(String text) throws Exception {
            send(text);
            String answer = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError("no answer to " + text);
            }
            return answer;
        }

        int awaitClose() throws Exception {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
