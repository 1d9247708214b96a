package io.cspwebsocket;

import java.util.Objects;

/**
 * The outcome of a page operation: the Java form of an IRIS {@code %Status}.
 *
 * <p>A status is an immutable value. {@link #OK} stands for {@code $$$OK}; every other status is
 * an error ({@code $$$ISERR}) with a numeric {@link #code()} ({@code $$$GETERRORCODE}) and a
 * human-readable {@link #message()}. The codes used by this library are those of IRIS:
 * <ul>
 *   <li>{@value #TIMEOUT_CODE} ({@code $$$CSPWebSocketTimeout}): a read timed out, the socket
 *       is still open;</li>
 *   <li>{@value #CLOSED_CODE} ({@code $$$CSPWebSocketClosed}): the socket is closed, or the
 *       WebSocket id names no open socket;</li>
 *   <li>{@value #GENERAL_ERROR_CODE} ({@code $$$GeneralError}): any other failure, e.g. a send
 *       that did not complete within the send timeout, or a malformed WebSocket id.</li>
 * </ul>
 * Expected run-time outcomes are reported as statuses, never as exceptions; programming errors
 * (a {@code null} argument, a read from the wrong thread) throw.
 *
 * <p>Instances are thread-safe. Compare statuses with the {@code is…} methods or
 * {@link #code()}, not by identity.
 */
public final class CspStatus {

    /** The IRIS error code {@code $$$CSPWebSocketTimeout}. */
    public static final int TIMEOUT_CODE = 7950;
    /** The IRIS error code {@code $$$CSPWebSocketClosed}. */
    public static final int CLOSED_CODE = 7951;
    /** The IRIS error code {@code $$$GeneralError}, used for every other error. */
    public static final int GENERAL_ERROR_CODE = 5001;

    /** Success: IRIS {@code $$$OK}. Its {@link #code()} is 0. */
    public static final CspStatus OK = new CspStatus(0, "OK");
    /** A read timed out; the socket is still open ({@value #TIMEOUT_CODE}). */
    public static final CspStatus TIMEOUT = new CspStatus(TIMEOUT_CODE, "WebSocket read timed out");
    /** The socket is closed or unknown ({@value #CLOSED_CODE}). */
    public static final CspStatus CLOSED = new CspStatus(CLOSED_CODE, "WebSocket is closed");

    private final int code;
    private final String message;

    private CspStatus(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /**
     * Returns a general error ({@value #GENERAL_ERROR_CODE}), as IRIS
     * {@code $$$ERROR($$$GeneralError, message)} does.
     *
     * @param message what went wrong; not {@code null}
     * @return an error status with code {@value #GENERAL_ERROR_CODE}
     */
    public static CspStatus error(String message) {
        return error(GENERAL_ERROR_CODE, message);
    }

    /**
     * Returns an error status with the given code.
     *
     * @param code a non-zero error code; {@value #TIMEOUT_CODE} and {@value #CLOSED_CODE} keep
     *             their meaning ({@link #isTimeout()}, {@link #isClosed()})
     * @param message what went wrong; not {@code null}
     * @return an error status
     * @throws IllegalArgumentException if {@code code} is 0 (use {@link #OK})
     */
    public static CspStatus error(int code, String message) {
        Objects.requireNonNull(message, "message");
        if (code == 0) {
            throw new IllegalArgumentException("code 0 is OK, not an error; use CspStatus.OK");
        }
        return new CspStatus(code, message);
    }

    /** @return {@code true} for success ({@code $$$ISOK}) */
    public boolean isOk() {
        return code == 0;
    }

    /** @return {@code true} for any error ({@code $$$ISERR}); the same as {@code !isOk()} */
    public boolean isError() {
        return code != 0;
    }

    /** @return {@code true} if this is a read timeout ({@value #TIMEOUT_CODE}) */
    public boolean isTimeout() {
        return code == TIMEOUT_CODE;
    }

    /** @return {@code true} if the socket is closed or unknown ({@value #CLOSED_CODE}) */
    public boolean isClosed() {
        return code == CLOSED_CODE;
    }

    /** @return the error code ({@code $$$GETERRORCODE}); 0 for {@link #OK} */
    public int code() {
        return code;
    }

    /** @return a human-readable description; never {@code null} */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CspStatus that && code == that.code && message.equals(that.message);
    }

    @Override
    public int hashCode() {
        return 31 * code + message.hashCode();
    }

    @Override
    public String toString() {
        return isOk() ? "CspStatus[OK]" : "CspStatus[ERROR #" + code + ": " + message + "]";
    }
}
