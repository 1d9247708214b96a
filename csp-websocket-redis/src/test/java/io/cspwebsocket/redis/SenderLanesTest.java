package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** {@link SenderLanes} with an executor the test runs by hand: what runs where, in which order, and the bound. */
class SenderLanesTest {

    /** Queues tasks; the test runs them. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized Runnable next() {
            return tasks.poll();
        }

        void runAll() {
            for (Runnable task = next(); task != null; task = next()) {
                task.run();
            }
        }
    }

    private final ManualExecutor executor = new ManualExecutor();
    private final Queue<String> ran = new ConcurrentLinkedQueue<>();

    private Runnable record(String what) {
        return () -> ran.add(what);
    }

    @Test
    void lightRequestsRunAtOnceHeavyOnesOnTheExecutor() {
        SenderLanes lanes = new SenderLanes(executor, 10, "N");
        lanes.submit("a", false, record("a write"));
        assertEquals(List.of("a write"), List.copyOf(ran));
        lanes.submit("a", true, record("a broadcast"));
        assertEquals(List.of("a write"), List.copyOf(ran), "a broadcast ran on the delivering thread");
        executor.runAll();
        assertEquals(List.of("a write", "a broadcast"), List.copyOf(ran));
        assertEquals(0, lanes.activeLanes());
    }

    @Test
    void aSendersLaterRequestsWaitForItsBroadcastOtherSendersDoNot() {
        SenderLanes lanes = new SenderLanes(executor, 10, "N");
        lanes.submit("a", true, record("a broadcast"));
        lanes.submit("a", false, record("a write"));
        lanes.submit("b", false, record("b write"));
        assertEquals(List.of("b write"), List.copyOf(ran));
        assertEquals(2, lanes.queued());
        executor.runAll();
        assertEquals(List.of("b write", "a broadcast", "a write"), List.copyOf(ran));
        assertEquals(0, lanes.queued());
        lanes.submit("a", false, record("a second write"));
        assertEquals("a second write", List.copyOf(ran).get(3), "the lane ended: A's writes run at once again");
    }

    @Test
    void pastTheCapacityTheDeliveringThreadWaitsForRoom() throws Exception {
        SenderLanes lanes = new SenderLanes(executor, 2, "N");
        lanes.submit("a", true, record("1"));
        lanes.submit("b", true, record("2"));
        Thread delivering = new Thread(() -> lanes.submit("c", true, record("3")), "delivering");
        delivering.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (delivering.getState() != Thread.State.WAITING) {
            if (System.nanoTime() - deadline > 0) {
                fail("the third request did not wait for room: " + delivering.getState());
            }
            Thread.sleep(5); // polling a thread state with a deadline
        }
        assertEquals(2, lanes.queued());
        executor.runAll(); // runs lane a: room for c, which then queues and is run too
        delivering.join(5000);
        executor.runAll();
        assertTrue(!delivering.isAlive());
        assertEquals(List.of("1", "2", "3"), List.copyOf(ran).stream().sorted().toList());
        assertEquals(0, lanes.queued());
    }

    @Test
    void closeDropsWhatIsQueuedAndReleasesAWaitingThread() throws Exception {
        SenderLanes lanes = new SenderLanes(executor, 1, "N");
        lanes.submit("a", true, record("queued"));
        Thread delivering = new Thread(() -> lanes.submit("b", true, record("never")), "delivering");
        delivering.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (delivering.getState() != Thread.State.WAITING) {
            if (System.nanoTime() - deadline > 0) {
                fail("the second request did not wait for room: " + delivering.getState());
            }
            Thread.sleep(5); // polling a thread state with a deadline
        }
        lanes.close();
        delivering.join(5000);
        assertTrue(!delivering.isAlive(), "close left the delivering thread waiting");
        executor.runAll();
        lanes.submit("c", true, record("after close"));
        executor.runAll();
        assertEquals(List.of(), List.copyOf(ran));
    }
}
