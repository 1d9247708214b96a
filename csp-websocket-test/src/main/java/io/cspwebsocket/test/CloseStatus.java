package io.cspwebsocket.test;

/**
 * How a socket closed, as the test client saw it: the code and reason of the close frame
 * (RFC 6455 §7.4). When the client closed first, it is what the client sent, echoed back.
 *
 * @param code the close code, e.g. 1000 (normal), 1001 (going away), 1008 (policy), 1009 (too big), 1011 (server error)
 * @param reason the reason phrase, possibly empty; never {@code null}
 */
public record CloseStatus(int code, String reason) {

    /**
     * @param code the close code
     * @param reason the reason phrase; {@code null} is taken as empty
     */
    public CloseStatus {
        reason = reason == null ? "" : reason;
    }
}
