package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire format carries any text and bytes exactly and rejects anything malformed. */
class WireTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a\nb\r\nc\u0000d", "日本語 😀 é", "lone \uD800", "\uDC00 lone", "\uDBFF\uDFFF",
            "4:abcd", "csp1 1:R", ":::::", "12345678901234567890"})
    void textRoundTrips(String text) {
        for (Wire.Kind base : new Wire.Kind[] {Wire.Kind.WRITE_UTF8, Wire.Kind.WRITE_WAIT_UTF8, Wire.Kind.BROADCAST_UTF8}) {
            Wire.Kind kind = Wire.textKind(base, text);
            Wire.Request sent = new Wire.Request(kind, 42, "p:reply:A:x", "B~id", Wire.textBytes(kind, text));
            Wire.Request got = (Wire.Request) Wire.decode(Wire.encode(sent));
            assertEquals(kind, got.kind());
            assertEquals(42, got.id());
            assertEquals("p:reply:A:x", got.replyTo());
            assertEquals("B~id", got.target());
            assertEquals(text, got.text());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 255, 256, 70_000})
    void bytesRoundTrip(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31);
        }
        Wire.Request got = (Wire.Request) Wire.decode(Wire.encode(
                new Wire.Request(Wire.Kind.WRITE_BINARY, Long.MAX_VALUE, "r", "t", payload)));
        assertArrayEquals(payload, got.payload());
        assertEquals(Long.MAX_VALUE, got.id());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7950, 7951, 5001})
    void repliesRoundTrip(int code) {
        Wire.Reply sent = new Wire.Reply(7, "node-1", code, "message ✓\nwith lines");
        assertEquals(sent, Wire.decode(Wire.encode(sent)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "csp", "csp2", "csp11:T", "csp11:T1:1", "csp11:X1:11:r1:t0:", "csp11:T1:11:r1:t9:x",
            "csp11:T1:a1:r1:t0:", "csp1x:T1:11:r1:t0:", "csp11:R1:12:no1:x0:", "csp12:TT1:11:r1:t0:",
            "csp199999999999:T", "csp11:T1:11:r1:t0:1:x"})
    void malformedMessagesAreRejected(String message) {
        assertThrows(IllegalArgumentException.class, () -> Wire.decode(message.getBytes(StandardCharsets.US_ASCII)));
    }

    @org.junit.jupiter.api.Test
    void aBroadcastCarriesTheSequenceNumberRedisAppendsAndNothingElseDoes() {
        byte[] broadcast = Wire.encode(new Wire.Request(Wire.Kind.BROADCAST_UTF8, 3, "r", "page", new byte[] {'x'}));
        byte[] numbered = (new String(broadcast, StandardCharsets.US_ASCII) + "2:17").getBytes(StandardCharsets.US_ASCII);
        assertEquals(17, ((Wire.Request) Wire.decode(numbered)).sequence());
        assertEquals(0, ((Wire.Request) Wire.decode(broadcast)).sequence());
        byte[] write = Wire.encode(new Wire.Request(Wire.Kind.WRITE_UTF8, 3, "r", "B~id", new byte[] {'x'}));
        assertThrows(IllegalArgumentException.class,
                () -> Wire.decode((new String(write, StandardCharsets.US_ASCII) + "2:17").getBytes(StandardCharsets.US_ASCII)));
    }

    @org.junit.jupiter.api.Test
    void oddUtf16IsRejectedWhenRead() {
        Wire.Request odd = new Wire.Request(Wire.Kind.WRITE_UTF16, 1, "r", "t", new byte[] {0, 65, 0});
        Wire.Request got = (Wire.Request) Wire.decode(Wire.encode(odd));
        assertThrows(IllegalArgumentException.class, got::text);
    }
}
