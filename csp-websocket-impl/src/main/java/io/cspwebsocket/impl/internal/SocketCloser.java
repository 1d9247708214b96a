package io.cspwebsocket.impl.internal;

/**
 * Closes the container's socket with a code and reason: the Jakarta adapter over its session, the
 * in-memory test runtime over its test client. The container then reports the close back
 * through {@link PageSocket#closed}.
 */
public interface SocketCloser {

    /**
     * Sends a close frame and closes the socket. Must not throw.
     *
     * @param code the close code
     * @param reason at most 123 UTF-8 bytes
     */
    void close(int code, String reason);
}
