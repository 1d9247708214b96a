package io.cspwebsocket.impl.internal;

/**
 * The web session a connection is bound to (SPEC §7): the HTTP session, or a transient one
 * when the page does not use sessions or there is no servlet layer. Thread-safe.
 */
public interface SessionBinding {

    /** @return the session id (IRIS {@code SessionId}) */
    String id();

    /**
     * @param name attribute name
     * @return the value, or {@code null}
     */
    Object getAttribute(String name);

    /**
     * @param name attribute name
     * @param value the value; {@code null} removes it
     */
    void setAttribute(String name, Object value);

    /** Ends the session ({@code SessionEndOnClose}); does nothing for a transient one. */
    void invalidate();

    /** Keeps the session from expiring while a socket is open (SPEC §7.3); called periodically. */
    default void keepAlive() {
    }

    /**
     * The last socket bound to this session has closed: from now on {@link #restoreIfDue()} is
     * called on each heartbeat tick until it returns {@code true} (SPEC §7.3).
     */
    default void release() {
    }

    /**
     * Puts the session's own timeout back once it is due (a request used the session again, or
     * its own lifetime since the last socket closed has passed).
     *
     * @return {@code true} when there is nothing more to do
     */
    default boolean restoreIfDue() {
        return true;
    }

    /** Puts the session's own timeout back at once (the application is stopping). */
    default void restoreNow() {
    }

    /** @return whether this is an HTTP session, tracked for invalidation and id changes */
    default boolean isHttpSession() {
        return false;
    }
}
