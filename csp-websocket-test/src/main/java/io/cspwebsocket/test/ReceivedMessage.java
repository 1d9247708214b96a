package io.cspwebsocket.test;

import java.util.Arrays;

/**
 * One whole message that a page sent to a {@link PageClient}: text or binary.
 */
public final class ReceivedMessage {

    private final String text;
    private final byte[] bytes;

    private ReceivedMessage(String text, byte[] bytes) {
        this.text = text;
        this.bytes = bytes;
    }

    static ReceivedMessage text(String text) {
        return new ReceivedMessage(text, null);
    }

    static ReceivedMessage binary(byte[] bytes) {
        return new ReceivedMessage(null, bytes);
    }

    /** @return whether it is a text message */
    public boolean isText() {
        return text != null;
    }

    /**
     * @return the text
     * @throws IllegalStateException if it is a binary message
     */
    public String text() {
        if (text == null) {
            throw new IllegalStateException("a binary message of " + bytes.length + " bytes, not text");
        }
        return text;
    }

    /**
     * @return a copy of the bytes of a binary message
     * @throws IllegalStateException if it is a text message
     */
    public byte[] bytes() {
        if (bytes == null) {
            throw new IllegalStateException("a text message, not binary: \"" + text + "\"");
        }
        return bytes.clone();
    }

    @Override
    public String toString() {
        if (text != null) {
            return "text \"" + text + "\"";
        }
        byte[] head = bytes.length <= 32 ? bytes : Arrays.copyOf(bytes, 32);
        return "binary " + bytes.length + " bytes " + Arrays.toString(head) + (bytes.length > 32 ? "..." : "");
    }
}
