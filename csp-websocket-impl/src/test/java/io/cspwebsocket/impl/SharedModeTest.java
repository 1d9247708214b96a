package io.cspwebsocket.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shared mode (SPEC §2.4) through the adapter on embedded Tomcat. */
class SharedModeTest {

    static final Map<String, List<String>> EVENTS = new ConcurrentHashMap<>();

    static List<String> events(String id) {
        return EVENTS.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>());
    }

    /** Counts messages and checks their order; says how many it saw when asked. */
    @CspClass("Test.Shared")
    public static class Counter extends CspWebSocket {
        private final AtomicInteger next = new AtomicInteger();
        private volatile boolean outOfOrder;
        private volatile String ioThread = "";

        @Override
        protected CspStatus onPreServer() {
            setSharedConnection(true);
            return CspStatus.OK;
        }

        @Override
        protected CspStatus server() {
            events(getWebSocketId()).add("server");
            return write("id:" + getWebSocketId());
        }

        @Override
        protected CspStatus onClientMessage(String data, int close) {
            if (close == 1) {
                events(getWebSocketId()).add("close");
                return CspStatus.OK;
            }
            String thread = Thread.currentThread().getName();
            if (thread.contains("Poller") || thread.contains("Acceptor")) {
                ioThread = thread; // a selector thread serves every socket: never here (§2.4)
            }
            if (data.equals("count?")) {
                return write(next.get() + (outOfOrder ? " out-of-order" : "") + ioThread);
            }
            if (data.equals("fail")) {
                return CspStatus.error("asked to fail");
            }
            if (Integer.parseInt(data) != next.getAndIncrement()) {
                outOfOrder = true;
            }
            return CspStatus.OK;
        }

        @Override
        protected CspStatus onPostServer() {
            events(getWebSocketId()).add("post:" + getCloseCode());
            return CspStatus.OK;
        }
    }

    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() throws Exception {
        tomcat = new EmbeddedTomcat(Map.of(), Counter.class);
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
    }

    private static String idOf(WsRecorder client) throws InterruptedException {
        String hello = client.next();
        assertTrue(hello.startsWith("id:"), hello);
        return hello.substring(3);
    }

    @Test
    void spec2_4_tenThousandMessagesArriveInOrderNeverOnASelectorThread() throws Exception {
        WsRecorder client = WsRecorder.connect(tomcat.url("/csp/user/Test.Shared.cls"));
        String id = idOf(client);
        for (int i = 0; i < 10_000; i++) {
            client.socket.sendText(Integer.toString(i), true).join(); // the JDK client allows one pending send
        }
        client.send("count?");
        assertEquals("10000", client.next());
        assertTrue(CspWebSocket.openIds(Counter.class).contains(id));
        client.socket.sendClose(1000, "bye").get();
        assertEquals(1000, client.awaitClose());
        assertEventsSettle(id, List.of("server", "close", "post:1000"));
        assertFalse(CspWebSocket.openIds(Counter.class).contains(id));
    }

    @Test
    void spec2_4_errorFromOnClientMessageClosesWith1011() throws Exception {
        WsRecorder client = WsRecorder.connect(tomcat.url("/csp/user/Test.Shared.cls"));
        String id = idOf(client);
        client.send("fail");
        assertEquals(1011, client.awaitClose());
        assertEventsSettle(id, List.of("server", "close", "post:1011"));
    }

    @Test
    void spec6_1_openServerFromAnotherThreadWritesAndEnds() throws Exception {
        WsRecorder client = WsRecorder.connect(tomcat.url("/csp/user/Test.Shared.cls"));
        String id = idOf(client);
        assertEquals(CspStatus.OK, CspWebSocket.openServer(id).write("pushed"));
        assertEquals("pushed", client.next());
        assertTrue(CspWebSocket.broadcast(Counter.class, "all") >= 1);
        assertEquals("all", client.next());
        assertEquals(CspStatus.OK, CspWebSocket.openServer(id).endServer());
        assertEquals(1000, client.awaitClose());
        assertEquals(CspStatus.CLOSED, CspWebSocket.openServer(id).write("late"));
        assertEquals(CspStatus.CLOSED, CspWebSocket.openServer(id).endServer());
        assertEventsSettle(id, List.of("server", "close", "post:1000"));
    }

    /**
     * Waits for the page's callbacks to reach {@code expected}, then checks that no further one
     * comes for a while: a late second {@code onPostServer} must fail the test, not pass
     * unseen because the test compared as soon as the third event arrived.
     */
    private static void assertEventsSettle(String id, List<String> expected) throws InterruptedException {
        waitFor(() -> events(id).size() >= expected.size());
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);
        do {
            assertEquals(expected, List.copyOf(events(id)));
            Thread.sleep(10);
        } while (System.nanoTime() < until);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WsRecorder.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WsRecorder.WAIT);
            }
            Thread.sleep(5);
        }
    }
}
