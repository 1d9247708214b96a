package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.AfterEndServerPage;
import io.cspwebsocket.tck.pages.ConcurrentWritePage;
import io.cspwebsocket.tck.pages.WriteAfterClosePage;
import io.cspwebsocket.tck.pages.WriteKindsPage;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.1–§4.3, {@code write}: one write is one message (text or binary), any number of
 * threads may write to one socket at once without interleaving, loss or reordering, and the
 * returned status is true. The send-timeout case of §4.3 is in {@link LimitsVerification}.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.war(); }}.
 */
public abstract class WriteVerification extends VerificationBase {

    /** Writer threads in {@link #required_spec4_2_concurrentWritesAreWholeOrderedAndComplete()}. */
    protected static final int WRITER_THREADS = 200;
    /** Messages per writer thread. */
    protected static final int MESSAGES_PER_THREAD = 50;

    /** For the concrete run. */
    protected WriteVerification() {
    }

    /**
     * §4.1: one {@code write} is one complete message: empty and 100,000-character texts
     * included; with {@code BinaryData} on, a string is sent as its ISO-8859-1 bytes in a binary
     * message; {@code write(byte[])} is binary; every status is OK.
     *
     * <p>If this test fails, check that each write sends exactly one whole message of the kind
     * {@code isBinaryData()} says at that moment.
     */
    @Test
    public void required_spec4_1_oneWriteIsOneMessage() {
        TckClient client = connect(page(WriteKindsPage.NAME, null));
        client.awaitText("alpha");
        client.awaitText("");
        client.awaitText(WriteKindsPage.LONG);
        assertArrayEquals(WriteKindsPage.binaryTextBytes(), client.awaitBinary(), "write(String) with BinaryData on");
        assertArrayEquals(new byte[] {0, 1, 2, -1}, client.awaitBinary(), "write(byte[])");
        client.awaitText("text again");
        client.awaitText("statuses=0,0,0,0,0,0");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §4.2, §4.3: 200 threads writing 50 messages each to one socket at once: every message
     * arrives whole, none is lost or interleaved, each thread's messages keep their order, and
     * every write returns OK (no container {@code IllegalStateException}).
     *
     * <p>If this test fails, check the per-socket send lock and that every write waits for its
     * send to complete before the next one starts.
     */
    @Test
    public void required_spec4_2_concurrentWritesAreWholeOrderedAndComplete() {
        assertConcurrentWrites(WRITER_THREADS, MESSAGES_PER_THREAD, 0);
    }

    /**
     * §4.2, §4.3: 200 threads each writing 3 messages of 32,768 characters at once (about
     * 19 MiB in flight) to a client that reads as fast as it can: no write is refused, every
     * message arrives whole and in each thread's order. A blocking {@code write} may wait for
     * room (bounded by the send timeout), but must not fail because other threads filled a
     * queue.
     *
     * <p>If this test fails with statuses 5001, check that a blocking {@code write} waits for
     * room in the send queue instead of being refused as "queue full" (a limit meant for
     * {@code writeAsync} and {@code broadcast}).
     */
    @Test
    public void required_spec4_2_concurrentLargeWritesAreNotRefused() {
        assertConcurrentWrites(WRITER_THREADS, 3, 32_768);
    }

    private void assertConcurrentWrites(int threads, int perThread, int size) {
        TckClient client = connect(page(ConcurrentWritePage.NAME,
                "threads=" + threads + "&count=" + perThread + "&size=" + size));
        int[] next = new int[threads];
        int total = threads * perThread;
        List<String> anomalies = new ArrayList<>();
        int received = 0;
        String done;
        for (;;) {
            String message = client.awaitText();
            if (message.startsWith("done|")) {
                done = message;
                break;
            }
            received++;
            String[] parts = message.split(":", 3);
            int thread = parts.length == 3 ? parseOr(parts[0], -1) : -1;
            int n = parts.length == 3 ? parseOr(parts[1], -1) : -1;
            if (thread < 0 || thread >= threads || n < 0) {
                anomalies.add("torn or interleaved message: " + abbreviate(message));
                continue;
            }
            if (n != next[thread]) {
                anomalies.add("thread " + thread + ": expected message #" + next[thread] + " but got #" + n);
            } else if (!ConcurrentWritePage.message(thread, n, size).equals(message)) {
                anomalies.add("thread " + thread + " message #" + n + " arrived torn: " + abbreviate(message));
            }
            next[thread] = n + 1;
        }
        int got = received;
        assertEquals("done|ok=" + total + "|bad=", done, () -> "the page's writes were not all OK (received "
                + got + " of " + total + " messages; " + missing(next, perThread) + "; first anomalies: "
                + anomalies.subList(0, Math.min(3, anomalies.size())) + ")");
        assertTrue(anomalies.isEmpty(), () -> anomalies.size() + " anomalies, first: " + anomalies.subList(0, Math.min(3, anomalies.size())));
        assertEquals(total, received, "messages received");
        assertEquals(1000, client.awaitClose().code());
    }

    private static int parseOr(String text, int otherwise) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static String missing(int[] next, int perThread) {
        return Arrays.stream(next).filter(n -> n < perThread).count() + " threads incomplete";
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    /**
     * §4.3: {@code write} after the client closed returns 7951.
     *
     * <p>If this test fails, check that writes on a closed connection report
     * {@code CspStatus.CLOSED}, not OK and not 5001.
     */
    @Test
    public void required_spec4_3_writeAfterClientCloseReturns7951() {
        String token = token();
        TckClient client = connect(page(WriteAfterClosePage.NAME, "t=" + token));
        client.awaitText("ready");
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
        TckProbe probe = probe();
        assertEquals("7951", probe.await(token + ".write"), "write after the client closed");
        assertEquals("7951", probe.get(token + ".read"), "read after the client closed");
    }

    /**
     * §4.3, §5: {@code write} after {@code endServer} returns 7951, and nothing is sent.
     *
     * <p>If this test fails, check that {@code endServer} marks the connection closed for
     * writers at once.
     */
    @Test
    public void required_spec4_3_writeAfterEndServerReturns7951() {
        String token = token();
        TckClient client = connect(page(AfterEndServerPage.NAME, "t=" + token));
        client.awaitText("ending");
        assertEquals(1000, client.awaitClose().code());
        assertEquals("7951", probe().await(token + ".write"), "write after endServer");
    }
}
