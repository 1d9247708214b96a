package io.cspwebsocket.impl.internal;

/** UTF-8 length arithmetic without encoding: counting message bytes costs no allocation. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * The number of bytes {@code text} takes in UTF-8. A lone surrogate counts 3 bytes, as the
     * decoder that produced it replaced or received it.
     */
    static long length(CharSequence text) {
        int n = text.length();
        // Most messages are ASCII: one compare per char until the first that is not (a profile of
        // the shared echo found the general loop below at a tenth of the library's time per message).
        int ascii = 0;
        while (ascii < n && text.charAt(ascii) < 0x80) {
            ascii++;
        }
        long bytes = ascii;
        for (int i = ascii; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
