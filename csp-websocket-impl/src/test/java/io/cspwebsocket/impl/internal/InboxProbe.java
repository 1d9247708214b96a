package io.cspwebsocket.impl.internal;

/** What an open socket's inbox holds, by WebSocket id: for tests outside this package. */
public final class InboxProbe {

    private InboxProbe() {
    }

    /**
     * @param webSocketId an open synchronous page's id
     * @return the units queued in its inbox and not yet read
     */
    public static long queuedUnits(String webSocketId) {
        return inbox(webSocketId).queuedUnits();
    }

    /**
     * @param webSocketId an open synchronous page's id
     * @return whether its socket is paused because the inbox is full
     */
    public static boolean paused(String webSocketId) {
        return inbox(webSocketId).paused();
    }

    private static BlockingInbox inbox(String webSocketId) {
        Connection connection = ConnectionRegistry.findAnywhere(webSocketId);
        if (connection == null || connection.inbox() == null) {
            throw new AssertionError("no open synchronous page " + webSocketId);
        }
        return connection.inbox();
    }
}
