package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * Sets {@code BinaryData} in {@code onPreServer}, then writes (SPEC §4.1):
 * {@code write(}{@link #TEXT}{@code )} (a binary message of its UTF-8 bytes),
 * {@code write(}{@link #BYTES}{@code )} (binary), then with {@code BinaryData} off
 * {@code write(}{@link #BYTES}{@code )} (still binary) and {@code write("text")} (text), and
 * finally {@code statuses=<codes>} (text) and returns (close 1000).
 */
@CspClass("TCK.BinaryWrite")
public class BinaryWritePage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.BinaryWrite";
    /** The string written while {@code BinaryData} is on: 1-, 2-, 3- and 4-byte UTF-8 characters. */
    public static final String TEXT = "a\u00e9\u20ac\uD83D\uDE00";
    /** The bytes written with {@code write(byte[])}: not valid UTF-8. */
    public static final byte[] BYTES = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF};

    /** Created by the runtime. */
    public BinaryWritePage() {
    }

    @Override
    protected CspStatus onPreServer() {
        setBinaryData(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        StringBuilder codes = new StringBuilder();
        codes.append(code(write(TEXT)));
        codes.append(',').append(code(write(BYTES)));
        setBinaryData(false);
        codes.append(',').append(code(write(BYTES)));
        codes.append(',').append(code(write("text")));
        write("statuses=" + codes);
        return CspStatus.OK;
    }
}
