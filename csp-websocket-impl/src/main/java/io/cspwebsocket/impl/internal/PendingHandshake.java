package io.cspwebsocket.impl.internal;

/**
 * Carries the connection prepared by {@link HandshakeFilter} to {@link PageEndpointConfigurator}:
 * both run on the request thread of one handshake (the filter calls the container's upgrade
 * filter, which calls the configurator), and the handshake request passed to the configurator
 * has no request attributes.
 */
final class PendingHandshake {

    private static final ThreadLocal<Connection> CURRENT = new ThreadLocal<>();

    private PendingHandshake() {
    }

    static void set(Connection connection) {
        CURRENT.set(connection);
    }

    /** @return the prepared connection of this thread's handshake, once; or {@code null} */
    static Connection take() {
        Connection connection = CURRENT.get();
        CURRENT.remove();
        return connection;
    }

    static void clear() {
        CURRENT.remove();
    }
}
