package io.cspwebsocket.spi;

import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import java.util.Set;

/**
 * The registry of open sockets behind {@link CspWebSocket#openServer(String)},
 * {@link CspWebSocket#openIds(Class)} and {@link CspWebSocket#broadcast(Class, String)}.
 *
 * <p>Found with {@link java.util.ServiceLoader} from the class loader of {@code CspWebSocket};
 * the adapter provides the single-node implementation. All methods are thread-safe and never
 * throw for unknown or stale ids.
 */
public interface CspRuntime {

    /**
     * Opens a socket by id.
     *
     * @param webSocketId the id; may be malformed
     * @return a handle; never {@code null}
     */
    CspWebSocketHandle openServer(String webSocketId);

    /**
     * Lists the ids of the live sockets of a page class.
     *
     * @param pageClass the page class
     * @return an immutable snapshot
     */
    Set<String> openIds(Class<? extends CspWebSocket> pageClass);

    /**
     * Sends a message to every live socket of a page class without waiting on any of them.
     *
     * @param pageClass the page class
     * @param message the message
     * @return how many sockets accepted the message
     */
    int broadcast(Class<? extends CspWebSocket> pageClass, String message);
}
