package io.cspwebsocket.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.spi.CspChannel;

/**
 * The runtime's way into a page: binds it to its connection and calls its protected callbacks.
 *
 * <p>Pages keep their callbacks {@code protected}, as IRIS keeps them to the gateway; a runtime
 * in another package reaches them through this bridge, which only {@code CspWebSocket} itself
 * can install. Not for application code: on the module path its package is exported to
 * {@code io.cspwebsocket.impl} alone; on the class path nothing but this convention keeps
 * other code from {@link #get()}.
 */
public abstract class CspPageAccess {

    private static volatile CspPageAccess installed;

    /** For the implementation inside {@code CspWebSocket} only. */
    protected CspPageAccess() {
    }

    /**
     * Installs the bridge; called once by {@code CspWebSocket}'s static initializer.
     *
     * @param access the bridge
     * @throws IllegalStateException if the caller is not {@code CspWebSocket} or one is installed
     */
    public static void install(CspPageAccess access) {
        if (access.getClass().getEnclosingClass() != CspWebSocket.class) {
            throw new IllegalStateException("only CspWebSocket installs its page access");
        }
        synchronized (CspPageAccess.class) {
            if (installed != null) {
                throw new IllegalStateException("page access already installed");
            }
            installed = access;
        }
    }

    /**
     * Returns the bridge, initializing {@code CspWebSocket} if needed.
     *
     * @return the bridge
     */
    public static CspPageAccess get() {
        CspPageAccess access = installed;
        if (access == null) {
            try {
                // Running CspWebSocket's static initializer installs the bridge.
                Class.forName(CspWebSocket.class.getName(), true, CspWebSocket.class.getClassLoader());
            } catch (ClassNotFoundException impossible) {
                throw new IllegalStateException(impossible);
            }
            access = installed;
        }
        return access;
    }

    /**
     * Binds a new page to its connection, before {@code onPreServer}.
     *
     * @param page the page
     * @param channel its connection
     * @throws IllegalStateException if the page is already bound
     */
    public abstract void attach(CspWebSocket page, CspChannel channel);

    /**
     * Runs {@code onPreServer()}.
     *
     * @param page the page
     * @return its status
     */
    public abstract CspStatus onPreServer(CspWebSocket page);

    /**
     * Runs {@code server()}.
     *
     * @param page the page
     * @return its status
     */
    public abstract CspStatus server(CspWebSocket page);

    /**
     * Runs {@code onPostServer()}.
     *
     * @param page the page
     * @return its status
     */
    public abstract CspStatus onPostServer(CspWebSocket page);

    /**
     * Runs {@code onClientMessage(String, int)}.
     *
     * @param page the page
     * @param data the message
     * @param close 0 for a message, 1 for the close notification
     * @return its status
     */
    public abstract CspStatus onClientMessage(CspWebSocket page, String data, int close);

    /**
     * Runs {@code onClientMessage(byte[], int)}.
     *
     * @param page the page
     * @param data the message
     * @param close 0 for a message, 1 for the close notification
     * @return its status
     */
    public abstract CspStatus onClientMessage(CspWebSocket page, byte[] data, int close);
}
