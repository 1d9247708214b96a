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

    /** @return whether this is an HTTP session, tracked for invalidation and id changes */
    default boolean isHttpSession() {
        return false;
    }
}
