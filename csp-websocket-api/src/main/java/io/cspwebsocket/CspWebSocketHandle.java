package io.cspwebsocket;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A socket opened by id: what IRIS gives after {@code ##class(%CSP.WebSocket).%New().OpenServer(id)}.
 *
 * <p>Obtained from {@link CspWebSocket#openServer(String)}. Every method is safe to call from
 * any thread. A handle for a socket that is closed (or never existed) answers every call with
 * {@link CspStatus#CLOSED} (7951); a handle for a malformed id answers with a general error
 * (5001). Methods never throw for a stale id.
 */
public interface CspWebSocketHandle {

    /**
     * The WebSocket id this handle was opened with (IRIS {@code WebSocketID}).
     *
     * @return the id, as given to {@code openServer}
     */
    String getWebSocketId();

    /**
     * Whether the socket is open now: {@link CspStatus#OK}, {@link CspStatus#CLOSED} (7951) for
     * a closed or unknown id, or a general error (5001) for a malformed id. This is the status
     * IRIS {@code OpenServer} would have returned, except that stale ids are detected.
     *
     * @return the socket's status
     */
    CspStatus status();

    /**
     * Whether the socket's page is in binary mode now (IRIS {@code BinaryData}): then
     * {@link #write(String)} sends a binary message of the string's ISO-8859-1 bytes.
     *
     * @return the page's {@code BinaryData}; {@code false} for a closed, unknown or malformed id
     *         and where the owning node cannot be asked
     */
    boolean isBinaryData();

    /**
     * Sends one message, as IRIS {@code Write} does; waits until it is sent or the send timeout
     * passes. A text message, unless the page has {@code BinaryData} set: then the string is a
     * byte string, sent as its ISO-8859-1 bytes in a binary message (SPEC §4.1), and a char above
     * U+00FF gets 5001 (IRIS raises {@code <WIDE CHAR>}) with nothing sent and the socket open.
     *
     * @param data the message; not {@code null}
     * @return OK once sent; 7951 if the socket is closed; 5001 if the send failed or timed out, or
     *         for a wide char in binary mode
     */
    CspStatus write(String data);

    /**
     * Sends one binary message; waits until it is sent or the send timeout passes.
     *
     * @param data the message; not {@code null}
     * @return OK once sent; 7951 if the socket is closed; 5001 if the send failed or timed out
     */
    CspStatus write(byte[] data);

    /**
     * Sends one text message without waiting for it to go out.
     *
     * @param data the message; not {@code null}
     * @return completes with the status {@link #write(String)} would have returned
     */
    CompletionStage<CspStatus> writeAsync(String data);

    /**
     * Sends one binary message without waiting for it to go out.
     *
     * @param data the message; not {@code null}
     * @return completes with the status {@link #write(byte[])} would have returned
     */
    CompletionStage<CspStatus> writeAsync(byte[] data);

    /**
     * IRIS {@code Read()} with its defaults on an opened server: up to
     * {@value CspWebSocket#DEFAULT_READ_LENGTH} characters, waiting up to 86400 seconds.
     *
     * @return as {@link #read(int, Duration)}
     * @throws IllegalStateException if another thread is reading this socket
     */
    default ReadResult read() {
        return read(CspWebSocket.DEFAULT_READ_LENGTH, CspWebSocket.DEFAULT_READ_TIMEOUT);
    }

    /**
     * Reads from the socket's queued client messages, as IRIS {@code Read} on an opened server
     * does. Only for pages whose client messages are queued for reading (see
     * {@link CspWebSocket#read(int, Duration)}); one reader at a time.
     *
     * @param len the maximum number of characters (bytes in binary mode); {@code < 1} means 32656
     * @param timeout how long to wait for data; zero polls
     * @return the data and its status (OK, 7950 timeout, 7951 closed)
     * @throws IllegalStateException if another thread is reading this socket
     */
    ReadResult read(int len, Duration timeout);

    /**
     * Closes the socket normally (1000), as IRIS {@code EndServer} does; the page's
     * {@code onPostServer} then runs once.
     *
     * @return OK the first time; 7951 if it was already closed
     */
    CspStatus endServer();
}
