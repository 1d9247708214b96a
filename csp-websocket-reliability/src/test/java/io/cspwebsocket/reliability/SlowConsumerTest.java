package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.reliability.probe.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4, slow consumers: clients that stop reading while their page writes (blocking
 * {@code write}, and {@code writeAsync} until refused). Each such write fails within the send
 * timeout (5001), that socket closes with 1011, the MBean counts one send timeout per slow
 * socket, the asynchronous queue refuses rather than grows, and pages writing to healthy clients
 * meanwhile are not held up.
 */
class SlowConsumerTest extends SuiteBase {

    static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);
    static final int SIZE = 8192;

    @BeforeAll
    static void startServer() throws Exception {
        start(200, Map.of("io.cspwebsocket.sendTimeout", "2s", "io.cspwebsocket.outboxCapacity", "256KiB"), Map.of());
    }

    @Test
    void aClientThatStopsReadingTimesOutAloneAndMemoryStaysBounded() throws Exception {
        int slow = Sizes.SLOW_CONSUMERS;
        int pushers = Sizes.PUSHERS;
        int count = 2000;
        long heapBefore = usedHeapAfterGc();
        Jmx.Counters before = Jmx.Counters.now();

        List<RawWs> stalled = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        List<String> async = new ArrayList<>();
        for (int i = 0; i < slow; i++) {
            RawWs sync = RawWs.connect(server.port(), "/csp/user/Rel.Pusher.cls?size=" + SIZE + "&count=0");
            blocking.add(sync.readId()); // and then never read again
            stalled.add(sync);
            RawWs queued = RawWs.connect(server.port(), "/csp/user/Rel.Pusher.cls?size=" + SIZE + "&count=0&async=1");
            async.add(queued.readId());
            stalled.add(queued);
        }
        long started = System.nanoTime();
        // Healthy clients read over raw sockets and check every frame byte for byte (a bad frame is
        // reported with its bytes; the JDK client only says ProtocolException).
        List<CheckedReader> healthy = new ArrayList<>();
        for (int i = 0; i < pushers; i++) {
            healthy.add(CheckedReader.start(server.port(), 1024, count));
        }
        for (CheckedReader client : healthy) {
            assertEquals(1000, client.done.get(60, TimeUnit.SECONDS), "the healthy pusher ends normally");
        }
        double healthySeconds = (System.nanoTime() - started) / 1e9;

        List<String> all = new ArrayList<>(blocking);
        all.addAll(async);
        awaitPostServerOnce(all, SEND_TIMEOUT.multipliedBy(10));
        for (String id : blocking) {
            assertTrue(Probe.events(id).contains("write:5001"), "blocking write past the send timeout: " + Probe.events(id));
            assertEquals(1011, postCloseCode(id), id + " " + Probe.events(id));
        }
        for (String id : async) {
            // The queue refused instead of growing: writeAsync said 5001 once 256 KiB were queued.
            assertTrue(Probe.events(id).contains("write:5001"), "writeAsync to a full queue: " + Probe.events(id));
            assertEquals(1011, postCloseCode(id), id + " " + Probe.events(id));
        }
        Jmx.Counters after = Jmx.Counters.now();
        assertEquals(2L * slow, after.sendTimeouts() - before.sendTimeouts(), "SendTimeouts: one per slow socket");
        assertEquals(0, after.open(), "open sockets");
        long heapAfter = usedHeapAfterGc();
        // Bound: the outboxes (256 KiB of chars each) and a message per socket; nothing else may pile up.
        long bound = 2L * slow * (256 * 1024 * 2 + SIZE * 4L) + 32 * MIB;
        assertTrue(heapAfter - heapBefore < bound, "heap grew " + (heapAfter - heapBefore) / MIB + " MiB");
        for (RawWs socket : stalled) {
            socket.close();
        }
        assertLogLinesCarryIds();
        System.out.printf("RELIABILITY slow (%s): %d slow consumers (blocking) + %d (async) timed out after %s,"
                        + " send timeouts %d; %d healthy pushers x %d messages done in %.1f s meanwhile%n",
                Sizes.describe(), slow, slow, SEND_TIMEOUT, after.sendTimeouts() - before.sendTimeouts(), pushers, count,
                healthySeconds);
    }
}
