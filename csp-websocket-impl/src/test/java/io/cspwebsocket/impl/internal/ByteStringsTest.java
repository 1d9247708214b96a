package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import org.junit.jupiter.api.Test;

/** SPEC §4.1: in binary mode a String is a byte string, one byte per char up to U+00FF, and nothing above. */
class ByteStringsTest {

    @Test
    void spec4_1_charsUpToU00FFAreTheirOwnByte() {
        assertArrayEquals(new byte[] {0x00, 0x61, (byte) 0x80, (byte) 0xFF}, ByteStrings.bytes("\u0000a\u0080\u00FF"));
        assertArrayEquals(new byte[0], ByteStrings.bytes(""));
    }

    @Test
    void spec4_1_aCharAboveU00FFMakesNoByteString() {
        assertNull(ByteStrings.bytes("\u0100"));
        assertNull(ByteStrings.bytes("ab\u20AC"));
    }

    @Test
    void spec4_1_theRefusalNamesTheFirstWideCharAndItsIndex() {
        CspStatus status = ByteStrings.wideChar("\u00FFa\u0100\u20AC");
        assertEquals(CspStatus.GENERAL_ERROR_CODE, status.code());
        assertTrue(status.message().contains("U+0100 at index 2"), status.message());
    }

    @Test
    void aStringWithoutAWideCharIsNoRefusal() {
        assertThrows(IllegalArgumentException.class, () -> ByteStrings.wideChar("\u00FF"));
    }
}
