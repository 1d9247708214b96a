package io.cspwebsocket.spi;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One connection as a runtime provides it to its page: the calls a {@link io.cspwebsocket.CspWebSocket}
 * delegates to. Implemented by the adapter (csp-websocket-impl), or by a fake runtime in unit
 * tests of page classes.
 *
 * <p>Threading is as documented on {@code CspWebSocket}: {@link #read} is for one thread at a
 * time; every other method may be called from any thread.
 */
public interface CspChannel {

    /** @return the connection's WebSocket id (IRIS {@code WebSocketID}) */
    String webSocketId();

    /** @return the bound session's id (IRIS {@code SessionId}) */
    String sessionId();

    /** @return the address of the node that holds the socket (IRIS {@code GWClientAddress}) */
    String gatewayClientAddress();

    /**
     * @return {@code true} while {@code onPreServer} runs, the only time
     *         {@code setSharedConnection} and {@code setNoDataFraming} are allowed
     */
    boolean inPreServer();

    /**
     * Reads up to {@code len} characters (bytes for binary data) of the current message.
     *
     * @param len the maximum piece length; {@code < 1} means 32656
     * @param timeout how long to wait; zero polls
     * @return the piece and its status
     * @throws IllegalStateException before the socket is open or with a concurrent reader
     */
    ReadResult read(int len, Duration timeout);

    /**
     * Sends one message, text or binary according to the page's {@code BinaryData}.
     *
     * @param data the message
     * @return the true outcome of the send
     */
    CspStatus write(String data);

    /**
     * Sends one binary message.
     *
     * @param data the message
     * @return the true outcome of the send
     */
    CspStatus write(byte[] data);

    /**
     * Sends one message without waiting.
     *
     * @param data the message
     * @return completes with the outcome
     */
    CompletionStage<CspStatus> writeAsync(String data);

    /**
     * Sends one binary message without waiting.
     *
     * @param data the message
     * @return completes with the outcome
     */
    CompletionStage<CspStatus> writeAsync(byte[] data);

    /** @return OK the first time the socket is closed by this call; 7951 afterwards */
    CspStatus endServer();

    /**
     * @param name a query or form parameter name
     * @return its first value in the handshake request, or {@code null}
     */
    String requestParameter(String name);

    /**
     * @param name a header name, case-insensitive
     * @return its first value in the handshake request, or {@code null}
     */
    String requestHeader(String name);

    /** @return the authenticated user of the handshake, or {@code null} */
    Principal userPrincipal();

    /**
     * @param role a role name
     * @return whether the handshake's user is in the role
     */
    boolean isUserInRole(String role);

    /** @return the client's address as the container saw it, or {@code null} if unknown */
    String remoteAddress();

    /**
     * @param name an attribute name
     * @return the bound session's attribute, or {@code null}
     */
    Object sessionAttribute(String name);

    /**
     * @param name an attribute name
     * @param value the value; {@code null} removes the attribute
     */
    void setSessionAttribute(String name, Object value);

    /** @return the close code once the socket is closed, 0 before */
    int closeCode();

    /** @return the close reason once the socket is closed, {@code ""} before */
    String closeReason();
}
