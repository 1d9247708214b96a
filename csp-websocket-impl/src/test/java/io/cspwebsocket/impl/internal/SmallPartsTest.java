package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.impl.CspInitParameters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids, close reasons, UTF-8 counting and configuration parsing. */
class SmallPartsTest {

    @Test
    void spec6_4_idsAreUniqueUrlSafeAnd128Bits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = WebSocketIds.next();
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            assertTrue(WebSocketIds.isWellFormed(id));
            assertTrue(seen.add(id));
        }
    }

    @Test
    void spec12_clusteredIdsCarryTheirNode() {
        String id = WebSocketIds.next("node-1");
        assertTrue(id.matches("node-1~[A-Za-z0-9_-]{22}"), id);
        assertTrue(WebSocketIds.isWellFormed(id));
        assertEquals("node-1", WebSocketIds.nodeOf(id));
        assertEquals(null, WebSocketIds.nodeOf(WebSocketIds.next()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "../../etc/passwd", "AAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAA",
        "~AAAAAAAAAAAAAAAAAAAAAA", "no de~AAAAAAAAAAAAAAAAAAAAAA", "a~b~AAAAAAAAAAAAAAAAAAAAAA",
        "x123456789012345678901234567890123~AAAAAAAAAAAAAAAAAAAAAA"})
    void spec6_2_malformedIdsAreRecognised(String candidate) {
        assertFalse(WebSocketIds.isWellFormed(candidate));
    }

    @Test
    void spec2_3_closeReasonsAreCutAt123BytesOnACharacterBoundary() {
        assertEquals("short", CloseReasons.truncate("short"));
        String euros = "\u20AC".repeat(50); // 150 bytes
        String cut = CloseReasons.truncate(euros);
        assertEquals(41, cut.length()); // 41 x 3 = 123 bytes
        String emoji = "\uD83D\uDE00".repeat(40); // 160 bytes
        String cutEmoji = CloseReasons.truncate(emoji);
        assertTrue(cutEmoji.getBytes(StandardCharsets.UTF_8).length <= 123);
        assertFalse(Character.isHighSurrogate(cutEmoji.charAt(cutEmoji.length() - 1)));
    }

    @Test
    void utf8LengthMatchesTheEncoder() {
        for (String text : new String[] {"", "abc", "\u00e9t\u00e9", "\u20AC", "\uD83D\uDE00x"}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text), text);
        }
    }

    @Test
    void spec8_3_defaults() {
        CspConfig config = CspConfig.from(name -> null);
        assertEquals(1 << 20, config.maxMessageSize());
        assertEquals(Duration.ofSeconds(30), config.sendTimeout());
    }

    @ParameterizedTest
    @CsvSource({"30s,30000", "500ms,500", "2m,120000", "PT1.5S,1500", "250,250"})
    void durationsInSeveralForms(String value, long millis) {
        CspConfig config = CspConfig.from(Map.of(CspInitParameters.SEND_TIMEOUT, value)::get);
        assertEquals(millis, config.sendTimeout().toMillis());
    }

    @ParameterizedTest
    @CsvSource({"1024,1024", "64KiB,65536", "2 MiB,2097152"})
    void sizesInSeveralForms(String value, long bytes) {
        CspConfig config = CspConfig.from(Map.of(CspInitParameters.MAX_MESSAGE_SIZE, value)::get);
        assertEquals(bytes, config.maxMessageSize());
    }

    @Test
    void badValuesNameTheParameter() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CspConfig.from(Map.of(CspInitParameters.SEND_TIMEOUT, "soon")::get));
        assertTrue(error.getMessage().contains(CspInitParameters.SEND_TIMEOUT));
        assertThrows(IllegalArgumentException.class,
                () -> CspConfig.from(Map.of(CspInitParameters.MAX_MESSAGE_SIZE, "-1")::get));
    }

    /** Jetty 12 reports its send timeout as its own WebSocketTimeoutException, sometimes as a cause. */
    static final class WebSocketTimeoutException extends RuntimeException {
        WebSocketTimeoutException(String message) {
            super(message);
        }
    }

    @org.junit.jupiter.api.Test
    void spec4_3_theContainersSendTimeoutIsRecognisedWhateverItsType() {
        org.junit.jupiter.api.Assertions.assertTrue(SerializedWriter.isTimeout(new java.net.SocketTimeoutException()));
        org.junit.jupiter.api.Assertions.assertTrue(SerializedWriter.isTimeout(new java.util.concurrent.TimeoutException()));
        org.junit.jupiter.api.Assertions.assertTrue(SerializedWriter.isTimeout(new WebSocketTimeoutException("Write timeout")));
        org.junit.jupiter.api.Assertions.assertTrue(SerializedWriter.isTimeout(
                new java.io.IOException("send failed", new WebSocketTimeoutException("Write timeout"))));
        org.junit.jupiter.api.Assertions.assertFalse(SerializedWriter.isTimeout(new java.io.IOException("Broken pipe")));
        org.junit.jupiter.api.Assertions.assertFalse(SerializedWriter.isTimeout(new IllegalStateException("closed")));
    }
}
