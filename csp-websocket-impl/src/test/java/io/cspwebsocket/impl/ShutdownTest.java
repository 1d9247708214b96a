package io.cspwebsocket.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.impl.internal.ConnectionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10 on embedded Tomcat: stopping the server closes every socket with 1001, runs each
 * onPostServer once, ends every page thread (virtual ones too) and empties the registry; a page
 * that ignores 7951 is abandoned after the shutdown timeout and interrupted.
 */
class ShutdownTest {

    static final Set<Thread> PAGE_THREADS = ConcurrentHashMap.newKeySet();
    static final AtomicInteger POST_SERVER_RUNS = new AtomicInteger();
    static final AtomicInteger SERVERS_RUNNING = new AtomicInteger();

    @CspClass("Test.Reader")
    public static class Reader extends CspWebSocket {
        @Override
        protected CspStatus server() {
            PAGE_THREADS.add(Thread.currentThread());
            SERVERS_RUNNING.incrementAndGet();
            ReadResult r;
            do {
                r = read(100, Duration.ofSeconds(60));
            } while (!r.status().isClosed());
            return endServer();
        }

        @Override
        protected CspStatus onPostServer() {
            POST_SERVER_RUNS.incrementAndGet();
            return CspStatus.OK;
        }
    }

    /** Ignores 7951 and keeps waiting: must be abandoned and interrupted. */
    @CspClass("Test.Stubborn")
    public static class Stubborn extends CspWebSocket {
        @Override
        protected CspStatus server() {
            PAGE_THREADS.add(Thread.currentThread());
            SERVERS_RUNNING.incrementAndGet();
            try {
                Thread.sleep(Duration.ofMinutes(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CspStatus.OK;
        }
    }

    @Test
    void spec10_stoppingTheServerClosesEverySocketWith1001AndStopsEveryThread() throws Exception {
        int readers = 20;
        List<WsRecorder> clients = new ArrayList<>();
        EmbeddedTomcat tomcat = new EmbeddedTomcat(Map.of("io.cspwebsocket.shutdownTimeout", "1s"),
                Reader.class, Stubborn.class);
        try {
            for (int i = 0; i < readers; i++) {
                clients.add(WsRecorder.connect(tomcat.url("/csp/user/Test.Reader.cls")));
            }
            clients.add(WsRecorder.connect(tomcat.url("/csp/user/Test.Stubborn.cls")));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (SERVERS_RUNNING.get() < readers + 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(readers + 1, SERVERS_RUNNING.get());
            assertEquals(readers, CspWebSocket.openIds(Reader.class).size());
            assertEquals(readers + 1, mbeanServer().getAttribute(MBEAN, "OpenSockets"));
            @SuppressWarnings("unchecked")
            Map<Object, Object> byPage = (Map<Object, Object>) tabular(mbeanServer().getAttribute(MBEAN, "OpenSocketsByPage"));
            assertEquals(Map.of("Test.Reader (synchronous)", readers, "Test.Stubborn (synchronous)", 1), byPage);
        } finally {
            tomcat.close();
        }
        for (WsRecorder client : clients) {
            assertEquals(1001, client.awaitClose());
        }
        assertEquals(readers, POST_SERVER_RUNS.get());
        for (Thread thread : PAGE_THREADS) {
            thread.join(5000);
            assertFalse(thread.isAlive(), thread + " outlived the application");
        }
        assertEquals(readers + 1, PAGE_THREADS.size());
        assertEquals(0, ConnectionRegistry.indexedSockets(), "no id left in the static index");
        assertEquals(0, ConnectionRegistry.liveApplications(), "the stopped application left the static index");
        assertTrue(CspWebSocket.openIds(Reader.class).isEmpty());
        assertFalse(mbeanServer().isRegistered(MBEAN), "the MBean would pin the application's class loader");
    }

    static final javax.management.ObjectName MBEAN = objectName("io.cspwebsocket:type=CspWebSockets,application=\"/\"");

    static javax.management.MBeanServer mbeanServer() {
        return java.lang.management.ManagementFactory.getPlatformMBeanServer();
    }

    static javax.management.ObjectName objectName(String name) {
        try {
            return new javax.management.ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An MXBean map arrives as TabularData of (key, value) rows. */
    static Map<Object, Object> tabular(Object attribute) {
        Map<Object, Object> map = new java.util.HashMap<>();
        for (Object row : ((javax.management.openmbean.TabularData) attribute).values()) {
            var data = (javax.management.openmbean.CompositeData) row;
            map.put(data.get("key"), data.get("value"));
        }
        return map;
    }
}
