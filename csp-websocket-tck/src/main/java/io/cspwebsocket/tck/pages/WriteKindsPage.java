package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.nio.charset.StandardCharsets;

/**
 * What one {@code write} sends (SPEC §4.1): {@code "alpha"}, {@code ""}, a 100,000-character
 * text, then with {@code BinaryData} on {@code write("h\u00e9llo \u00ff")} (a binary message of
 * its ISO-8859-1 bytes), with it off {@code write(new byte[] {0, 1, 2, -1})} (binary) and
 * {@code "text again"}; finally {@code statuses=<codes>} and the end.
 */
@CspClass("TCK.WriteKinds")
public class WriteKindsPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.WriteKinds";
    /** The long text message. */
    public static final String LONG = "0123456789".repeat(10_000);
    /** The byte string sent while BinaryData is on: chars up to U+00FF (SPEC §4.1). */
    public static final String BINARY_TEXT = "h\u00e9llo \u00ff";

    /** Created by the runtime. */
    public WriteKindsPage() {
    }

    @Override
    protected CspStatus server() {
        StringBuilder codes = new StringBuilder();
        codes.append(code(write("alpha")));
        codes.append(',').append(code(write("")));
        codes.append(',').append(code(write(LONG)));
        setBinaryData(true);
        codes.append(',').append(code(write(BINARY_TEXT)));
        setBinaryData(false);
        codes.append(',').append(code(write(new byte[] {0, 1, 2, -1})));
        codes.append(',').append(code(write("text again")));
        write("statuses=" + codes);
        return CspStatus.OK;
    }

    /**
     * @return the bytes of {@link #BINARY_TEXT}, one per char (ISO-8859-1)
     */
    public static byte[] binaryTextBytes() {
        return BINARY_TEXT.getBytes(StandardCharsets.ISO_8859_1);
    }
}
