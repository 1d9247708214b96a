package io.cspwebsocket.impl.internal;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Follows the HTTP sessions that sockets are bound to (SPEC §7.3): when one ends (logout,
 * timeout, {@code SessionEndOnClose} of another socket), its sockets close with 1008; when the
 * container changes its id (login), the sockets stay bound under the new id. Containers do the
 * first only for authenticated handshakes, and never the second.
 */
final class SessionListener implements HttpSessionListener, HttpSessionIdListener {

    private final CspApplication application;

    SessionListener(CspApplication application) {
        this.application = application;
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        application.sessionEnded(event.getSession().getId());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        application.sessionIdChanged(oldSessionId, event.getSession().getId());
    }
}
