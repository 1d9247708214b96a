package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.BinaryEchoPage;
import io.cspwebsocket.tck.pages.BinaryReadPage;
import io.cspwebsocket.tck.pages.BinarySharedPage;
import io.cspwebsocket.tck.pages.BinaryWritePage;
import io.cspwebsocket.tck.pages.NoFramingPage;
import io.cspwebsocket.tck.pages.NoFramingSharedPage;
import io.cspwebsocket.tck.pages.SharedReadPage;
import io.cspwebsocket.tck.support.RawWebSocket;
import io.cspwebsocket.tck.support.Reports;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §3.4, §4.1 and §9, the data modes: {@code BinaryData} (reads of bytes, {@code len}
 * counting bytes, text read as its UTF-8 bytes, binary frames to text pages as ISO-8859-1
 * strings, strings written as their ISO-8859-1 bytes in binary frames (a char above U+00FF is
 * 5001), through the page and through {@code openServer} handles, the {@code byte[]} overload of
 * {@code onClientMessage}), text frames that are not UTF-8 (1007), and {@code NoDataFraming}
 * (reads across message boundaries; excluded with shared mode).
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.war(); }}.
 */
public abstract class DataModesVerification extends VerificationBase {

    private final List<RawWebSocket> raws = new ArrayList<>();

    /** For the concrete run. */
    protected DataModesVerification() {
    }

    /** Drops the raw connections a test opened. */
    @AfterEach
    protected void closeRawClients() {
        raws.forEach(RawWebSocket::close);
        raws.clear();
    }

    /**
     * One read result as {@link BinaryReadPage} reports it.
     *
     * @param code the status code
     * @param atEnd {@code ReadResult.atEnd()}
     * @param bytes {@code bytes()} in hex
     * @param chars {@code data()} as UTF-16 code units in hex
     */
    private record BinaryPiece(int code, boolean atEnd, String bytes, String chars) {
        static BinaryPiece parse(String report) {
            String[] parts = report.split("\\|", 5);
            if (parts.length != 5) {
                throw new AssertionError("not a read report: " + report);
            }
            return new BinaryPiece(Integer.parseInt(parts[0]), Boolean.parseBoolean(parts[1]), parts[3], parts[4]);
        }
    }

    /** Reads one report of a BinaryData page: a binary message of UTF-8 bytes (§4.1). */
    private static BinaryPiece binaryReport(TckClient client) {
        return BinaryPiece.parse(TckClient.utf8(client.awaitBinary()));
    }

    /** Reads one report of a text page. */
    private static BinaryPiece textReport(TckClient client) {
        return BinaryPiece.parse(client.awaitText());
    }

    private static void closeNormally(TckClient client) {
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §3.4: a page with {@code BinaryData} reads binary messages through {@code bytes()}, in
     * pieces of at most {@code len} bytes, {@code atEnd} on the last.
     *
     * <p>If this test fails, check that binary fragments go to the inbox as bytes and that
     * pieces of binary data are cut by byte count.
     */
    @Test
    public void required_spec3_4_binaryDataPageReadsBinaryMessagesInPiecesOfLenBytes() {
        TckClient client = connect(page(BinaryReadPage.NAME, "binary=1&len=3"));
        client.send(new byte[] {0x00, 0x01, 0x02, 0x03, (byte) 0xFF});
        BinaryPiece first = binaryReport(client);
        BinaryPiece second = binaryReport(client);
        assertEquals(List.of("000102", "03ff"), List.of(first.bytes(), second.bytes()), "pieces of at most 3 bytes");
        assertEquals(List.of(false, true), List.of(first.atEnd(), second.atEnd()), "atEnd only on the last piece");
        assertEquals(List.of(0, 0), List.of(first.code(), second.code()));
        client.send(new byte[] {0x10, 0x20, 0x30});
        BinaryPiece whole = binaryReport(client);
        assertEquals("102030", whole.bytes(), "a message of exactly len bytes");
        assertTrue(whole.atEnd(), "a message of exactly len bytes is one piece that ends it");
        closeNormally(client);
    }

    /**
     * §3.4: a text message to a page with {@code BinaryData} is read as its UTF-8 bytes, and
     * {@code len} counts those bytes (a piece may end inside a character's encoding).
     *
     * <p>If this test fails, check that, with {@code BinaryData} on, text frames are stored as
     * their UTF-8 bytes rather than as chars.
     */
    @Test
    public void required_spec3_4_textMessageToBinaryDataPageIsReadAsItsUtf8Bytes() {
        TckClient client = connect(page(BinaryReadPage.NAME, "binary=1&len=4"));
        client.send("h\u00e9\u20ac!"); // 68 c3a9 e282ac 21: 4 chars, 7 bytes
        BinaryPiece first = binaryReport(client);
        BinaryPiece second = binaryReport(client);
        assertEquals(List.of("68c3a9e2", "82ac21"), List.of(first.bytes(), second.bytes()),
                "pieces of at most 4 UTF-8 bytes (not 4 chars)");
        assertEquals(List.of(false, true), List.of(first.atEnd(), second.atEnd()));
        closeNormally(client);
    }

    /**
     * §3.4: a binary message to a text page fills {@code bytes()}, {@code len} counts bytes,
     * and {@code data()} is the ISO-8859-1 string of the bytes (one char per byte); text
     * messages to the same page still count chars.
     *
     * <p>If this test fails, check that binary frames are kept as bytes whatever the page's
     * mode and that {@code data()} of a binary piece decodes ISO-8859-1.
     */
    @Test
    public void required_spec3_4_binaryMessageToTextPageFillsBytesAndIso88591Data() {
        byte[] message = {0x41, 0x00, (byte) 0xE9, (byte) 0xFF, (byte) 0x80};
        TckClient whole = connect(page(BinaryReadPage.NAME, null));
        whole.send(message);
        BinaryPiece piece = textReport(whole);
        assertEquals("4100e9ff80", piece.bytes(), "bytes() of a binary message read by a text page");
        assertEquals("0041000000e900ff0080", piece.chars(), "data() must be the ISO-8859-1 string of the bytes");
        assertTrue(piece.atEnd());
        closeNormally(whole);

        TckClient pieces = connect(page(BinaryReadPage.NAME, "len=2"));
        pieces.send(message);
        List<BinaryPiece> read = List.of(textReport(pieces), textReport(pieces), textReport(pieces));
        assertEquals(List.of("4100", "e9ff", "80"), read.stream().map(BinaryPiece::bytes).toList(), "len counts bytes");
        assertEquals(List.of(false, false, true), read.stream().map(BinaryPiece::atEnd).toList());
        pieces.send("h\u00e9");
        BinaryPiece text = textReport(pieces);
        assertEquals("006800e9", text.chars(), "a text message to a text page: len counts chars");
        assertTrue(text.atEnd(), "two chars (three UTF-8 bytes) fit a len of 2");
        closeNormally(pieces);
    }

    /**
     * §4.1: on a page with {@code BinaryData} (set in {@code onPreServer}), {@code write(String)}
     * sends one binary message of the string's ISO-8859-1 bytes (the byte string IRIS keeps); a
     * string with a char above U+00FF is refused with 5001, with a message that names the char,
     * nothing is sent and the socket stays open; {@code write(byte[])} is binary in either mode;
     * with {@code BinaryData} off, strings are text again.
     *
     * <p>If this test fails, check that {@code write(String)} looks at {@code isBinaryData()}
     * when it is called and turns each char into one byte, refusing chars above U+00FF.
     */
    @Test
    public void required_spec4_1_binaryDataPageWritesStringsAsTheirIso88591Bytes() {
        TckClient client = connect(page(BinaryWritePage.NAME, null));
        assertArrayEquals(BinaryWritePage.TEXT.getBytes(StandardCharsets.ISO_8859_1), client.awaitBinary(),
                "write(String) with BinaryData on");
        assertArrayEquals(BinaryWritePage.BYTES, client.awaitBinary(),
                "write(byte[]) with BinaryData on (the wide string before it sent nothing)");
        assertArrayEquals(BinaryWritePage.BYTES, client.awaitBinary(), "write(byte[]) with BinaryData off");
        client.awaitText("text");
        client.awaitText("statuses=0,5001,0,0,0");
        String wide = client.awaitText();
        assertTrue(wide.startsWith("wide=") && wide.contains("U+20AC"), () -> "the 5001 names the char: " + wide);
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §3.4, §4.1: the line-by-line port of an IRIS binary echo, {@code write(read().data())} on a
     * page with {@code BinaryData}, sends back exactly the bytes it got: all 256 byte values, in a
     * synchronous page and in a shared page (through the default {@code onClientMessage(byte[])}).
     *
     * <p>If this test fails, check that binary data read as its ISO-8859-1 string is written as
     * ISO-8859-1 bytes again, not UTF-8 (which would send 384 bytes for these 256).
     */
    @Test
    public void required_spec4_1_binaryEchoOfWhatWasReadSendsTheSameBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        for (String mode : List.of("sync", "shared")) {
            TckClient client = connect(page(BinaryEchoPage.NAME, "mode=" + mode));
            String hello = new String(client.awaitBinary(), StandardCharsets.ISO_8859_1);
            assertTrue(hello.startsWith("id="), () -> mode + ": " + hello);
            client.send(all);
            assertArrayEquals(all, client.awaitBinary(), mode + " page: the 256 byte values echoed");
            client.sendClose(1000, "");
            assertEquals(1000, client.awaitClose().code(), mode);
        }
    }

    /**
     * §4.1, §6.1: an {@code openServer} handle to a page in binary mode says so
     * ({@code isBinaryData()}), writes strings as their ISO-8859-1 bytes, refuses a char above
     * U+00FF with 5001 (the socket stays open), and sends bytes with {@code writeAsync(byte[])};
     * {@code broadcast} follows the same rule (a wide char is accepted by no binary page); a
     * handle to a text page answers {@code isBinaryData()} false.
     *
     * <p>If this test fails, check that the handle's writes go through the page's write rules and
     * that {@code isBinaryData()} reads the page's current mode.
     */
    @Test
    public void required_spec4_1_openServerHandlesFollowTheBinaryRule() {
        TckClient client = connect(page(BinaryEchoPage.NAME, "mode=sync"));
        String id = new String(client.awaitBinary(), StandardCharsets.ISO_8859_1).substring("id=".length());
        TckProbe probe = probe();
        assertEquals("true", probe.handle("binary", id, null), "isBinaryData() of a binary page");
        assertEquals("0", probe.handle("write", id, "\u00ff\u0080"), "write(String) of a byte string");
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0x80}, client.awaitBinary(), "the handle's byte string");
        assertEquals("5001", probe.handle("write", id, "\u0100"), "write(String) with a char above U+00FF");
        assertEquals("0", probe.handle("writeBytesAsync", id, "\u00fe"), "writeAsync(byte[])");
        assertArrayEquals(new byte[] {(byte) 0xFE}, client.awaitBinary(), "writeAsync(byte[]) after the refused write");
        assertEquals("1", probe.broadcast(BinaryEchoPage.class.getName(), "\u00fd"), "broadcast of a byte string");
        assertArrayEquals(new byte[] {(byte) 0xFD}, client.awaitBinary(), "broadcast(String) to a binary page");
        assertEquals("0", probe.broadcast(BinaryEchoPage.class.getName(), "\u0100"), "broadcast with a wide char");
        assertEquals("1", probe.broadcast(BinaryEchoPage.class.getName(), "\u00fc"), "broadcast after the refused one");
        assertArrayEquals(new byte[] {(byte) 0xFC}, client.awaitBinary(), "nothing of the refused broadcast was sent");
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
        // The client has the server's close frame; the server marks the socket closed when the
        // container reports it, a moment later.
        env.await("isBinaryData() of the closed socket to be false",
                () -> "false".equals(probe.handle("binary", id, null)));

        TckClient text = connect(page(SharedReadPage.NAME, "mode=handle"));
        String textId = text.awaitText().substring("id=".length());
        assertEquals("false", probe.handle("binary", textId, null), "isBinaryData() of a text page");
        text.send("queued");
        assertEquals("0|queued", probe.handle("readDefault", textId, null), "read() with IRIS's defaults");
        text.sendClose(1000, "");
        assertEquals(1000, text.awaitClose().code());
    }

    /**
     * §2.4, §3.4: a shared page with {@code BinaryData} gets binary messages in the
     * {@code byte[]} overload of {@code onClientMessage}, bytes unchanged, and the close once.
     *
     * <p>If this test fails, check that the shared dispatcher passes binary messages to
     * {@code onClientMessage(byte[], int)} (whose default converts to ISO-8859-1 text).
     */
    @Test
    public void required_spec2_4_sharedBinaryDataPageGetsBinaryMessagesAsBytes() {
        String token = token();
        TckClient client = connect(page(BinarySharedPage.NAME, "t=" + token));
        assertEquals("ready", TckClient.utf8(client.awaitBinary()));
        byte[] first = {0x01, 0x02, 0x03};
        byte[] second = {0x00, (byte) 0xFF, (byte) 0xC3, 0x28};
        client.send(first);
        assertArrayEquals(first, client.awaitBinary(), "the byte[] overload must get the binary message");
        client.send(second);
        assertArrayEquals(second, client.awaitBinary(), "the byte[] overload must get the binary message unchanged");
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        List<String> calls = Arrays.asList(probe.get(token + ".calls").split(","));
        assertEquals(List.of("bytes:0:010203", "bytes:0:00ffc328"), calls.subList(0, 2), () -> "calls: " + calls);
        assertEquals(3, calls.size(), () -> "expected the two messages and one close call: " + calls);
        assertTrue(calls.get(2).equals("string:1:") || calls.get(2).equals("bytes:1:"),
                () -> "the close call must be onClientMessage(\"\", 1): " + calls);
    }

    /**
     * RFC 6455 §8.1 with §3.3, §2.5: a text frame that is not valid UTF-8 (bytes C3 28) closes
     * the socket with 1007; the page's {@code read} then returns 7951 and {@code onPostServer}
     * runs once, seeing 1007.
     *
     * <p>If this test fails, check that the container's 1007 close reaches the connection (the
     * endpoint's {@code onClose}) and wakes the reader.
     */
    @Test
    public void required_spec3_3_invalidUtf8TextClosesWith1007AndReadSees7951() {
        String token = token();
        URI uri = page(BinaryReadPage.NAME, "t=" + token);
        RawWebSocket raw = RawWebSocket.handshake(env, uri, Map.of());
        raws.add(raw);
        assertTrue(raw.upgraded(), () -> "handshake answered HTTP " + raw.response().status());
        raw.sendText("ok");
        assertEquals("0|true|false|6f6b|006f006b", raw.awaitText(), "the page works before the bad frame");
        TckProbe probe = probe();
        // Wait until the page's write has returned: Tomcat 10.1.59 and 11.0.25 sometimes send their
        // 1007 close frame without its 2-byte header when the read error meets the completion of an
        // asynchronous send started on another thread (a plain Jakarta endpoint does the same).
        probe.await(token + ".written", "1");
        raw.sendFrame(true, RawWebSocket.TEXT, new byte[] {(byte) 0xC3, 0x28});
        RawWebSocket.Frame close = raw.awaitClose();
        assertEquals(1007, close.closeCode(), () -> "close after a text frame of invalid UTF-8: " + close);
        probe.await(token + ".read", "7951");
        probe.await(token + ".post", "1");
        assertEquals("1007", probe.get(token + ".closeCode"), "getCloseCode() in onPostServer");
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(token + ".post")));
    }

    /**
     * §9: with {@code NoDataFraming}, {@code read} ignores message boundaries: two messages
     * {@code "ab"}, {@code "cd"} that have both arrived come back from one {@code read(100)}
     * as {@code "abcd"}; {@code len} still bounds a piece ({@code "xy"}, {@code "zw"} read with
     * {@code len} 3 give {@code "xyz"} then {@code "w"}); and a read returns what has arrived
     * without waiting for {@code len} characters.
     *
     * <p>If this test fails, check that the inbox, in no-framing mode, keeps filling a piece from
     * the next message instead of returning at a message end.
     */
    @Test
    public void required_spec9_noDataFramingReadsAcrossMessageBoundaries() {
        String token = token();
        URI uri = page(NoFramingPage.NAME, "t=" + token + "&lens=100,3,3");
        RawWebSocket raw = RawWebSocket.handshake(env, uri, Map.of());
        raws.add(raw);
        assertTrue(raw.upgraded(), () -> "handshake answered HTTP " + raw.response().status());
        TckProbe probe = probe();
        raw.sendText("ab");
        raw.sendText("cd");
        raw.roundTrip(); // the pong proves both messages are in the server's hands
        probe.signal(token + ".go.0");
        assertEquals("0|abcd", raw.awaitText(), "read(100) after \"ab\" and \"cd\" arrived");
        raw.sendText("xy");
        raw.sendText("zw");
        raw.roundTrip();
        probe.signal(token + ".go.1");
        assertEquals("0|xyz", raw.awaitText(), "read(3) across the boundary of \"xy\" and \"zw\"");
        probe.signal(token + ".go.2");
        assertEquals("0|w", raw.awaitText(), "read(3) of the rest");
        raw.sendText("e");
        assertEquals("0|e", raw.awaitText(), "read(100) must return what has arrived, not wait for 100 chars");
        raw.sendClose(1000, "");
        assertEquals(1000, raw.awaitClose().closeCode());
        probe.await(token + ".post", "1");
    }

    /**
     * §9: turning on both {@code NoDataFraming} and {@code SharedConnection} in
     * {@code onPreServer} throws {@link IllegalStateException} in either order, and the call
     * that throws changes nothing; {@code setNoDataFraming} outside {@code onPreServer} throws
     * too.
     *
     * <p>If this test fails, check the mutual exclusion in both setters and the
     * {@code onPreServer}-only check of {@code setNoDataFraming}.
     */
    @Test
    public void required_spec9_noDataFramingAndSharedConnectionExcludeEachOther() {
        String ise = IllegalStateException.class.getName();
        for (String order : List.of("framingFirst", "sharedFirst")) {
            TckClient client = connect(page(NoFramingSharedPage.NAME, "order=" + order));
            Map<String, String> report = Reports.keyValues(client.awaitText());
            assertEquals(ise, report.get("caught"), "the second of the two setters (" + order + ")");
            boolean sharedFirst = order.equals("sharedFirst");
            assertEquals(Boolean.toString(sharedFirst), report.get("shared"), "isSharedConnection() (" + order + ")");
            assertEquals(Boolean.toString(!sharedFirst), report.get("noFraming"), "isNoDataFraming() (" + order + ")");
            assertEquals(ise, report.get("server.setNoFraming"), "setNoDataFraming in server()");
            assertEquals(1000, client.awaitClose().code());
        }
    }
}
