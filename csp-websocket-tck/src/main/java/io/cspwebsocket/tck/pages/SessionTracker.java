package io.cspwebsocket.tck.pages;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a reference to every live HTTP session of the deployment, by id, so that
 * {@link SessionServlet} can report a session's idle time and maximum inactive interval
 * <em>without accessing it</em> (an access would itself keep it alive and hide a missing
 * keep-alive, SPEC §7.3).
 *
 * <p>Internal TCK use only. Thread-safe.
 */
@WebListener
public class SessionTracker implements HttpSessionListener, HttpSessionIdListener {

    private static final Map<String, HttpSession> SESSIONS = new ConcurrentHashMap<>();

    /** Created by the container. */
    public SessionTracker() {
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        SESSIONS.put(event.getSession().getId(), event.getSession());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        SESSIONS.remove(event.getSession().getId());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        SESSIONS.remove(oldSessionId);
        SESSIONS.put(event.getSession().getId(), event.getSession());
    }

    /**
     * @param id a session id
     * @return the live session, or {@code null}; never accessed by this lookup
     */
    static HttpSession find(String id) {
        return id == null ? null : SESSIONS.get(id);
    }
}
