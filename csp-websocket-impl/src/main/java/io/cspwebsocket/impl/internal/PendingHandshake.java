package io.cspwebsocket.impl.internal;

/**
 * Carries the connection prepared by {@link PageUpgradeServlet} to {@link PageEndpointConfigurator}:
 * both run on the request thread of one handshake (the servlet calls the container's
 * {@code upgradeHttpToWebSocket}, which calls the configurator), and the handshake request passed
 * to the configurator has no request attributes.
 *
 * <p>It is also what makes the servlet the only way in: a configurator on a servlet container
 * accepts a handshake only while a connection for its page is pending on the calling thread, so
 * a request that reached the endpoint some other way (the container's own upgrade filter) is
 * refused by the container with 403.
 */
final class PendingHandshake {

    /** A prepared connection, and whether the configurator has taken it. */
    private static final class Pending {
        final Connection connection;
        boolean taken;

        Pending(Connection connection) {
            this.connection = connection;
        }
    }

    private static final ThreadLocal<Pending> CURRENT = new ThreadLocal<>();

    private PendingHandshake() {
    }

    static void set(Connection connection) {
        CURRENT.set(new Pending(connection));
    }

    /**
     * @param page the page of the asking configurator
     * @return whether this thread is upgrading a handshake prepared for that page
     */
    static boolean preparedFor(PageDescriptor page) {
        Pending pending = CURRENT.get();
        return pending != null && !pending.taken && pending.connection.descriptor() == page;
    }

    /**
     * @param page the page of the asking configurator
     * @return the connection prepared for that page on this thread, once; or {@code null}
     */
    static Connection take(PageDescriptor page) {
        Pending pending = CURRENT.get();
        if (pending == null || pending.taken || pending.connection.descriptor() != page) {
            return null;
        }
        pending.taken = true;
        return pending.connection;
    }

    /** @return whether the configurator took this thread's prepared connection */
    static boolean wasTaken() {
        Pending pending = CURRENT.get();
        return pending != null && pending.taken;
    }

    static void clear() {
        CURRENT.remove();
    }
}
