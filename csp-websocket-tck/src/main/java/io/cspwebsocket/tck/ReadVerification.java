package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.AfterEndServerPage;
import io.cspwebsocket.tck.pages.ConcurrentReadPage;
import io.cspwebsocket.tck.pages.DrainAfterClosePage;
import io.cspwebsocket.tck.pages.ReadDefaultsPage;
import io.cspwebsocket.tck.pages.ReadPiecesPage;
import io.cspwebsocket.tck.pages.TimeoutReadPage;
import io.cspwebsocket.tck.support.Reports;
import io.cspwebsocket.tck.support.Reports.Piece;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SPEC §3.1–§3.3, {@code read} in synchronous mode: pieces of at most {@code len} characters
 * with {@code atEnd} on the last, {@code AtEnd} true before any read, {@code read()} with
 * IRIS's defaults (32656 characters, 86400 s), no split surrogate pairs, one reader at a time,
 * timeouts (7950) and closed sockets (7951). §3.5 is in {@link LimitsVerification}.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.war(); }}.
 */
public abstract class ReadVerification extends VerificationBase {

    /**
     * How long {@code read()} must still be waiting, with nothing sent, in
     * {@link #required_spec3_1_readWithoutArgumentsHasTheIrisDefaults()}: far below its 86400 s,
     * far above any short default a port could have slipped in.
     */
    protected static final Duration DEFAULT_READ_STILL_WAITING = Duration.ofSeconds(3);

    /** For the concrete run. */
    protected ReadVerification() {
    }

    private List<Piece> readMessage(TckClient client) {
        List<Piece> pieces = new ArrayList<>();
        Piece piece;
        do {
            piece = Piece.parse(client.awaitText());
            pieces.add(piece);
            assertEquals(0, piece.code(), () -> "read status while a message is pending: " + pieces);
            assertEquals(piece.atEnd(), piece.isAtEnd(), "isAtEnd() must follow the last read's atEnd()");
        } while (!piece.atEnd() && pieces.size() < 100_000);
        return pieces;
    }

    private static List<String> data(List<Piece> pieces) {
        return pieces.stream().map(Piece::data).toList();
    }

    private void closeNormally(TckClient client) {
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §3.1: a message longer than {@code len} comes in pieces of at most {@code len} chars;
     * {@code atEnd} is false until the piece that ends it, and the next message starts afresh.
     *
     * <p>If this test fails, check the inbox's split of a message into pieces and the
     * {@code atEnd} flag of the last piece.
     */
    @Test
    public void required_spec3_1_readReturnsPiecesOfAtMostLen() {
        TckClient client = connect(page(ReadPiecesPage.NAME, "len=4"));
        client.send("abcdefghij");
        List<Piece> pieces = readMessage(client);
        assertEquals(List.of("abcd", "efgh", "ij"), data(pieces));
        assertEquals(List.of(false, false, true), pieces.stream().map(Piece::atEnd).toList());
        client.send("wxyz");
        assertEquals(List.of(new Piece(0, true, true, "wxyz")), readMessage(client),
                "a message of exactly len chars is one piece that ends it");
        client.send("a");
        client.send("b");
        assertEquals(List.of("a"), data(readMessage(client)), "two messages must not be merged");
        assertEquals(List.of("b"), data(readMessage(client)), "two messages must not be merged");
        closeNormally(client);
    }

    /**
     * §3.1: {@code len < 1} means 32656, and {@code read()} is {@code read(32656, 86400 s)}.
     *
     * <p>If this test fails, check the defaults {@code CspWebSocket.DEFAULT_READ_LENGTH} and
     * the handling of {@code len} 0.
     */
    @Test
    public void required_spec3_1_defaultLengthIs32656() {
        String message = "0123456789".repeat(4_000);
        for (String query : List.of("len=0", "len=-5", "default=1")) {
            TckClient client = connect(page(ReadPiecesPage.NAME, query));
            client.send(message);
            List<Piece> pieces = readMessage(client);
            assertEquals(List.of(32656, 40_000 - 32656), pieces.stream().map(p -> p.data().length()).toList(), query);
            assertEquals(List.of(false, true), pieces.stream().map(Piece::atEnd).toList(), query);
            assertEquals(message, String.join("", data(pieces)), query);
            closeNormally(client);
        }
    }

    /**
     * §3.1: {@code read()} without arguments is IRIS's {@code Read()} with its defaults,
     * {@code read(32656, 86400 s)}: with nothing sent it is still waiting after
     * {@link #DEFAULT_READ_STILL_WAITING} (it neither returns a timeout nor anything else),
     * then returns the next message; a 40,000-char message comes in a piece of 32656 chars with
     * {@code atEnd} (and {@code isAtEnd()}) false, then the remaining 7344 with both true.
     *
     * <p>If this test fails, check that {@code CspWebSocket.read()} passes
     * {@code DEFAULT_READ_LENGTH} (32656) and {@code DEFAULT_READ_TIMEOUT} (86400 s, not
     * milliseconds, not zero) to {@code read(int, Duration)}, and that {@code isAtEnd()} is
     * updated by it as by the two-argument form.
     */
    @Test
    public void required_spec3_1_readWithoutArgumentsHasTheIrisDefaults() {
        TckClient client = connect(page(ReadDefaultsPage.NAME, "t=" + token()));
        client.awaitText(); // the AtEnd report, checked in required_spec3_1_isAtEndIsTrueBeforeAnyRead
        long quietFrom = System.nanoTime();
        env.await("read() to be still waiting, " + DEFAULT_READ_STILL_WAITING.toMillis() + " ms after it started",
                DEFAULT_READ_STILL_WAITING.plus(env.timeout()), () -> {
                    if (client.pending() > 0) {
                        throw new AssertionError("read() without arguments returned before any message was sent,"
                                + " after less than " + DEFAULT_READ_STILL_WAITING.toMillis() + " ms: " + client.next());
                    }
                    return System.nanoTime() - quietFrom >= DEFAULT_READ_STILL_WAITING.toNanos();
                });
        String message = "0123456789".repeat(4_000);
        client.send(message);
        String[] first = client.awaitText().split("\\|", 6);
        String[] second = client.awaitText().split("\\|", 6);
        assertEquals("0", first[0], "status of read() when the message arrived after a long wait");
        long waited = Long.parseLong(first[1]);
        assertTrue(waited >= DEFAULT_READ_STILL_WAITING.toMillis() - 100,
                () -> "the read() that returned the message waited only " + waited + " ms: it is not the one that"
                        + " was waiting since before the message was sent");
        assertEquals(List.of("false", "false", "32656"), List.of(first[2], first[3], first[4]),
                "first piece of read(): atEnd, isAtEnd(), length");
        assertEquals(List.of("0", "true", "true", Integer.toString(40_000 - 32656)),
                List.of(second[0], second[2], second[3], second[4]),
                "second piece of read(): status, atEnd, isAtEnd(), length");
        assertEquals(message, first[5] + second[5], "the pieces of read() must join to the message");
        closeNormally(client);
    }

    /**
     * §3.1 ({@code CspWebSocket.isAtEnd()}: "Initially {@code true}", as IRIS's {@code AtEnd}
     * has {@code InitialExpression = 1}): before any read {@code isAtEnd()} is true, in
     * {@code onPreServer} and in {@code server()}; a read that times out is not a successful
     * read and leaves it true.
     *
     * <p>If this test fails, check the initial value of the page's {@code atEnd} field and that
     * only a read with an OK status updates it.
     */
    @Test
    public void required_spec3_1_isAtEndIsTrueBeforeAnyRead() {
        TckClient client = connect(page(ReadDefaultsPage.NAME, "t=" + token()));
        Map<String, String> report = Reports.keyValues(client.awaitText());
        assertEquals("true", report.get("pre.atEnd"), "isAtEnd() in onPreServer, before any read");
        assertEquals("true", report.get("server.atEnd"), "isAtEnd() at the start of server(), before any read");
        assertEquals("7950", report.get("poll.code"), "a zero-timeout read with nothing sent");
        assertEquals("true", report.get("poll.atEnd"), "isAtEnd() after a read that timed out, before any message");
        client.send("x");
        String[] read = client.awaitText().split("\\|", 6);
        assertEquals(List.of("0", "true", "true", "1", "x"), List.of(read[0], read[2], read[3], read[4], read[5]),
                "the first read after the poll: status, atEnd, isAtEnd(), length, data");
        closeNormally(client);
    }

    /**
     * §3.1: a piece never splits a surrogate pair: it ends one char early, and with {@code len}
     * 1 it returns the whole pair.
     *
     * <p>If this test fails, check that the piece end is moved back when its last char is a
     * high surrogate, and forward to 2 when {@code len} is 1.
     */
    @Test
    public void required_spec3_1_piecesNeverSplitSurrogatePairs() {
        String emoji = "\uD83D\uDE00";
        TckClient one = connect(page(ReadPiecesPage.NAME, "len=1"));
        one.send(emoji + "x" + emoji);
        assertEquals(List.of(emoji, "x", emoji), data(readMessage(one)));
        closeNormally(one);
        TckClient three = connect(page(ReadPiecesPage.NAME, "len=3"));
        three.send("ab" + emoji + "cd");
        assertEquals(List.of("ab", emoji + "c", "d"), data(readMessage(three)));
        closeNormally(three);
    }

    /**
     * §3.1: a second thread calling {@code read} while one is reading gets
     * {@link IllegalStateException}, and the first reader still gets the message.
     *
     * <p>If this test fails, check the single-reader guard of the inbox, and that a refused
     * read leaves the inbox unchanged.
     */
    @Test
    public void required_spec3_1_concurrentReaderGetsIllegalStateException() {
        TckClient client = connect(page(ConcurrentReadPage.NAME, null));
        client.awaitText("second=" + IllegalStateException.class.getName());
        client.send("for the first reader");
        client.awaitText("first=0:for the first reader");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §3.2: a read that times out returns {@code ""} with 7950 after about the timeout, and the
     * socket stays usable.
     *
     * <p>If this test fails, check the timed wait of the inbox and that a timeout does not
     * close or poison the connection.
     */
    @Test
    public void required_spec3_2_timeoutReturnsEmpty7950AndSocketStaysOpen() {
        TckClient client = connect(page(TimeoutReadPage.NAME, "timeoutMs=300"));
        String[] timedOut = client.awaitText().split("\\|", 3);
        assertEquals("7950", timedOut[0], "status of a timed-out read");
        assertEquals("", timedOut[2], "data of a timed-out read");
        long elapsed = Long.parseLong(timedOut[1]);
        assertTrue(elapsed >= 250, () -> "the read returned after " + elapsed + " ms, before its 300 ms timeout");
        client.send("after the timeout");
        String[] after = client.awaitText().split("\\|", 3);
        assertEquals("0", after[0], "status of the read after a timeout");
        assertEquals("after the timeout", after[2], "the socket must stay usable after a timeout");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §3.2: a long timeout ends on time too. Waits of a second or more take another path in an
     * implementation that parks its reader without a timer and wakes it from a scheduled task (the
     * reference does so on virtual and platform threads alike); a wake-up that never comes leaves
     * the read waiting for ever.
     *
     * <p>If this test fails, check how a read's deadline wakes a reader that waits a second or more.
     */
    @Test
    public void required_spec3_2_aLongTimeoutEndsOnTime() {
        TckClient client = connect(page(TimeoutReadPage.NAME, "timeoutMs=1500"));
        String[] timedOut = client.awaitText().split("\\|", 3);
        assertEquals("7950", timedOut[0], "status of a timed-out read");
        long elapsed = Long.parseLong(timedOut[1]);
        assertTrue(elapsed >= 1450, () -> "the read returned after " + elapsed + " ms, before its 1,500 ms timeout");
        assertTrue(elapsed < 1500 + 2000, () -> "the read returned " + elapsed + " ms after it began: 2 s late or more");
        client.send("after the timeout");
        assertEquals("after the timeout", client.awaitText().split("\\|", 3)[2]);
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §3.2: a zero timeout polls: it returns 7950 at once when nothing is there, and data
     * when a message has arrived.
     *
     * <p>If this test fails, check that {@code Duration.ZERO} is a non-blocking poll (not
     * "wait forever").
     */
    @Test
    public void required_spec3_2_zeroTimeoutPolls() {
        TckClient client = connect(page(TimeoutReadPage.NAME, "mode=zero"));
        String[] first = client.awaitText().split("\\|", 3);
        assertEquals("7950", first[0], "status of a zero-timeout read with nothing there");
        assertTrue(Long.parseLong(first[1]) < 1_000, () -> "a zero-timeout read took " + first[1] + " ms");
        client.awaitText("poll");
        client.send("polled");
        String[] polled = client.awaitText().split("\\|", 3);
        assertEquals("0", polled[0], "status of the poll that found the message");
        assertEquals("polled", polled[2]);
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §3.3: after the client closed, messages already received are still returned, then
     * {@code ""} with 7951 on this and every later call.
     *
     * <p>If this test fails, check that the close is queued behind the pending messages, not
     * ahead of them, and that the closed state is sticky.
     */
    @Test
    public void required_spec3_3_clientCloseDrainsMessagesThen7951Always() {
        String token = token();
        TckClient client = connect(page(DrainAfterClosePage.NAME, "t=" + token));
        client.awaitText("ready");
        client.send("m1");
        client.send("m2");
        client.send("m3");
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
        TckProbe probe = probe();
        probe.signal(token + ".go");
        assertEquals("0:m1,0:m2,0:m3,7951:,7951:,7951:", probe.await(token + ".reads"));
        assertEquals("7951", probe.await(token + ".endServer"), "endServer() after the client closed");
    }

    /**
     * §3.3, §5: after {@code endServer} a read returns 7951 at once, not after its timeout.
     *
     * <p>If this test fails, check that {@code endServer} marks the inbox closed and wakes a
     * waiting reader.
     */
    @Test
    public void required_spec3_3_afterEndServerReadReturns7951AtOnce() {
        String token = token();
        TckClient client = connect(page(AfterEndServerPage.NAME, "t=" + token));
        client.awaitText("ending");
        assertEquals(1000, client.awaitClose().code());
        TckProbe probe = probe();
        assertEquals("7951:", probe.await(token + ".read"));
        long readMs = Long.parseLong(probe.get(token + ".readMs"));
        assertTrue(readMs < 5_000, () -> "read after endServer took " + readMs + " ms (timeout was 20 s)");
    }
}
