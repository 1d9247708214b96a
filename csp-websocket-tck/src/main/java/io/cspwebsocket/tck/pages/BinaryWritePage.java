package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * Sets {@code BinaryData} in {@code onPreServer}, then writes (SPEC §4.1):
 * {@code write(}{@link #TEXT}{@code )} (a binary message of its ISO-8859-1 bytes),
 * {@code write(}{@link #WIDE}{@code )} (refused: 5001, nothing sent),
 * {@code write(}{@link #BYTES}{@code )} (binary), then with {@code BinaryData} off
 * {@code write(}{@link #BYTES}{@code )} (still binary) and {@code write("text")} (text), and
 * finally {@code statuses=<codes>} and {@code wide=<the 5001's message>} (text) and returns
 * (close 1000).
 */
@CspClass("TCK.BinaryWrite")
public class BinaryWritePage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.BinaryWrite";
    /** A byte string written while {@code BinaryData} is on: chars up to U+00FF, NUL included. */
    public static final String TEXT = "a\u00e9\u0000\u00ff\u0080";
    /** A string that cannot be a byte string: U+20AC at index 1. */
    public static final String WIDE = "a\u20ac";
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
        CspStatus wide = write(WIDE);
        codes.append(',').append(code(wide));
        codes.append(',').append(code(write(BYTES)));
        setBinaryData(false);
        codes.append(',').append(code(write(BYTES)));
        codes.append(',').append(code(write("text")));
        write("statuses=" + codes);
        write("wide=" + wide.message());
        return CspStatus.OK;
    }
}
