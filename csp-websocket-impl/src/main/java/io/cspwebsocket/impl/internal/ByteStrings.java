package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;

/**
 * Byte strings, as IRIS keeps binary data: a {@code String} whose chars are bytes 0..255
 * (SPEC §3.4, §4.1). {@code read} gives binary data as its ISO-8859-1 string, so a page ported
 * from IRIS that writes back what it read must send those same bytes, not their UTF-8 encoding.
 */
final class ByteStrings {

    private ByteStrings() {
    }

    /**
     * @param data a byte string
     * @return its bytes (each char as one byte), or {@code null} if a char is above U+00FF
     */
    static byte[] bytes(String data) {
        byte[] bytes = new byte[data.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = data.charAt(i);
            if (c > 0xFF) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    /**
     * @param data a string that {@link #bytes} refused
     * @return the 5001 that says which char cannot be a byte (IRIS raises {@code <WIDE CHAR>})
     */
    static CspStatus wideChar(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c > 0xFF) {
                return CspStatus.error(String.format("BinaryData is set: a String is sent as its ISO-8859-1 bytes,"
                        + " and the char U+%04X at index %d is above U+00FF (IRIS <WIDE CHAR>); nothing was sent", (int) c, i));
            }
        }
        throw new IllegalArgumentException("no wide char in the data");
    }
}
