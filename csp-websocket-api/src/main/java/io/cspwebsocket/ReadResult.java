package io.cspwebsocket;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What one {@link CspWebSocket#read(int, java.time.Duration) read} returned: the data, the
 * status ({@code sc} in IRIS {@code Read(.len, .sc, timeout)}) and whether the piece ends the
 * message ({@code AtEnd}).
 *
 * <p>For a text message, {@link #data()} holds the characters and {@link #bytes()} their UTF-8
 * encoding. For a binary message, {@link #bytes()} holds the bytes and {@link #data()} is their
 * ISO-8859-1 string, as IRIS returns raw bytes in a {@code %String}. On a timeout or a closed
 * socket the data is empty and {@link #status()} says which.
 *
 * <p>Instances are immutable and thread-safe; {@link #bytes()} returns a copy.
 */
public final class ReadResult {

    private static final byte[] NO_BYTES = new byte[0];
    private static final ReadResult TIMEOUT = new ReadResult("", NO_BYTES, false, CspStatus.TIMEOUT, false);
    private static final ReadResult CLOSED = new ReadResult("", NO_BYTES, false, CspStatus.CLOSED, false);

    private final String data;
    private final byte[] bytes;
    private final boolean binary;
    private final CspStatus status;
    private final boolean atEnd;

    private ReadResult(String data, byte[] bytes, boolean binary, CspStatus status, boolean atEnd) {
        this.data = data;
        this.bytes = bytes;
        this.binary = binary;
        this.status = status;
        this.atEnd = atEnd;
    }

    /**
     * A piece of a text message.
     *
     * @param data the characters read; not {@code null}
     * @param atEnd whether this piece ends the message
     * @return an OK result
     */
    public static ReadResult text(String data, boolean atEnd) {
        Objects.requireNonNull(data, "data");
        return new ReadResult(data, null, false, CspStatus.OK, atEnd);
    }

    /**
     * A piece of a binary message.
     *
     * @param bytes the bytes read; not {@code null}; copied
     * @param atEnd whether this piece ends the message
     * @return an OK result
     */
    public static ReadResult binary(byte[] bytes, boolean atEnd) {
        Objects.requireNonNull(bytes, "bytes");
        return new ReadResult(null, bytes.clone(), true, CspStatus.OK, atEnd);
    }

    /** @return the result of a read that timed out ({@link CspStatus#TIMEOUT}, empty data) */
    public static ReadResult timeout() {
        return TIMEOUT;
    }

    /** @return the result of a read on a closed socket ({@link CspStatus#CLOSED}, empty data) */
    public static ReadResult closed() {
        return CLOSED;
    }

    /**
     * The result of a read that could not be attempted, e.g. through a handle opened with a
     * malformed id (5001).
     *
     * @param status an error status
     * @return a result with that status and empty data
     * @throws IllegalArgumentException if {@code status} is OK
     */
    public static ReadResult failed(CspStatus status) {
        if (status.isOk()) {
            throw new IllegalArgumentException("a failed read needs an error status");
        }
        return status.isClosed() ? CLOSED : status.isTimeout() ? TIMEOUT
                : new ReadResult("", NO_BYTES, false, status, false);
    }

    /**
     * The data as a string: the characters of a text piece, or the ISO-8859-1 string of a binary
     * piece; {@code ""} on timeout or close. This is the IRIS {@code Read} return value.
     *
     * @return the data; never {@code null}
     */
    public String data() {
        if (data == null) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return data;
    }

    /**
     * The data as bytes: the bytes of a binary piece, or the UTF-8 encoding of a text piece;
     * empty on timeout or close.
     *
     * @return a copy of the bytes; never {@code null}
     */
    public byte[] bytes() {
        if (bytes == null) {
            return data.getBytes(StandardCharsets.UTF_8);
        }
        return bytes.clone();
    }

    /** @return {@code true} if this piece came from a binary message */
    public boolean isBinary() {
        return binary;
    }

    /** @return OK, {@link CspStatus#TIMEOUT} (7950) or {@link CspStatus#CLOSED} (7951) */
    public CspStatus status() {
        return status;
    }

    /**
     * Whether this piece ends the current message (IRIS {@code AtEnd}). {@code false} for a
     * timeout or a closed socket.
     *
     * @return {@code true} if the message is complete with this piece
     */
    public boolean atEnd() {
        return atEnd;
    }

    @Override
    public String toString() {
        if (status.isError()) {
            return "ReadResult[" + status + "]";
        }
        String shown = binary ? bytes.length + " bytes" : '"' + abbreviate(data) + '"';
        return "ReadResult[" + shown + (atEnd ? ", atEnd" : "") + "]";
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
