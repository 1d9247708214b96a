package io.cspwebsocket.impl.internal;

import jakarta.servlet.http.HttpSession;

/**
 * A connection bound to an HTTP session (SPEC §7, {@code UseSession = 1}). With
 * {@link PageUpgradeServlet} and {@link SessionListener}, the only places that refer to servlet
 * types, so the adapter also runs where there is no servlet layer.
 *
 * <p>Keep-alive (§7.3): while a socket is open, {@link #keepAlive()} raises the session's maximum
 * inactive interval to "time idle so far + the session's own interval" (plus a little slack, so
 * that it writes the session every few heartbeat ticks, not at each), so the session always has
 * at least its own lifetime left. It never sets "never expires" ({@code -1}): containers persist
 * sessions on shutdown, and such a session would outlive every restart.
 *
 * <p>Keeping a session alive never changes it for good: after its last socket has closed
 * ({@link #release()}), the raised interval still gives it its own lifetime from then on, and as
 * soon as a request has used the session again, or that lifetime has passed, its own interval is
 * put back ({@link #restoreIfDue()}). The session's own interval is the one the application set:
 * if it sets another one while sockets are open, that one wins.
 */
final class HttpSessionBinding implements SessionBinding {

    /** Session attribute: the session's own interval, valid while {@link #KEPT_INTERVAL} is current. */
    static final String ORIGINAL_INTERVAL = "io.cspwebsocket.originalMaxInactiveInterval";
    /** Session attribute: the interval the library last set; another current value is the application's. */
    static final String KEPT_INTERVAL = "io.cspwebsocket.keptMaxInactiveInterval";

    private final HttpSession session;
    private final int minimumSeconds;
    private volatile String lastKnownId;
    /** When the session's last socket closed (epoch millis); 0 while sockets are open. */
    private volatile long releasedAtMillis;
    /** The session's last access time when its last socket closed: another value means a request used it. */
    private volatile long lastAccessAtRelease;

    /**
     * @param session the handshake's session
     * @param minimumSeconds the shortest lifetime to keep ahead, at least two heartbeat ticks
     */
    HttpSessionBinding(HttpSession session, int minimumSeconds) {
        this.session = session;
        this.minimumSeconds = minimumSeconds;
        this.lastKnownId = session.getId();
    }

    @Override
    public String id() {
        try {
            lastKnownId = session.getId(); // follows id changes at login (§7.3)
        } catch (IllegalStateException invalidated) {
            // keep the last id the session had
        }
        return lastKnownId;
    }

    @Override
    public Object getAttribute(String name) {
        return session.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        session.setAttribute(name, value);
    }

    @Override
    public void invalidate() {
        session.invalidate();
    }

    @Override
    public void keepAlive() {
        releasedAtMillis = 0;
        int current = session.getMaxInactiveInterval();
        int own = ownInterval(current);
        if (own <= 0) {
            return; // the application made the session immortal itself
        }
        long idleSeconds = Math.max(0, (System.currentTimeMillis() - session.getLastAccessedTime()) / 1000);
        long wanted = idleSeconds + Math.max(own, minimumSeconds);
        if (wanted <= current) {
            return;
        }
        int raised = (int) Math.min(Integer.MAX_VALUE, wanted + minimumSeconds);
        if (!Integer.valueOf(own).equals(session.getAttribute(ORIGINAL_INTERVAL))) {
            session.setAttribute(ORIGINAL_INTERVAL, own);
        }
        session.setAttribute(KEPT_INTERVAL, raised);
        session.setMaxInactiveInterval(raised);
    }

    /** The session's own interval: the remembered one while ours is in force, else the current one. */
    private int ownInterval(int current) {
        Object kept = session.getAttribute(KEPT_INTERVAL);
        Object original = session.getAttribute(ORIGINAL_INTERVAL);
        if (kept instanceof Integer keptSeconds && keptSeconds == current && original instanceof Integer own) {
            return own;
        }
        return current; // never raised, or the application has set its own since
    }

    @Override
    public void release() {
        try {
            lastAccessAtRelease = session.getLastAccessedTime();
        } catch (IllegalStateException invalidated) {
            lastAccessAtRelease = 0;
        }
        releasedAtMillis = System.currentTimeMillis();
    }

    @Override
    public boolean restoreIfDue() {
        long releasedAt = releasedAtMillis;
        try {
            Object own = session.getAttribute(ORIGINAL_INTERVAL);
            if (releasedAt == 0 || !(own instanceof Integer ownSeconds)) {
                return true;
            }
            // Compared for change, not with the release time: containers differ in which access
            // they report (Tomcat the end of the last request, GlassFish/Payara the one before it).
            boolean usedSince = session.getLastAccessedTime() != lastAccessAtRelease;
            boolean lifetimeOver = System.currentTimeMillis() - releasedAt >= ownSeconds * 1000L;
            if (!usedSince && !lifetimeOver) {
                return false;
            }
            restoreNow();
            return true;
        } catch (IllegalStateException invalidated) {
            return true;
        }
    }

    @Override
    public void restoreNow() {
        try {
            int current = session.getMaxInactiveInterval();
            if (session.getAttribute(KEPT_INTERVAL) instanceof Integer kept && kept == current
                    && session.getAttribute(ORIGINAL_INTERVAL) instanceof Integer own) {
                session.setMaxInactiveInterval(own);
            }
            session.removeAttribute(KEPT_INTERVAL);
            session.removeAttribute(ORIGINAL_INTERVAL);
        } catch (IllegalStateException invalidated) {
            // nothing to restore
        }
    }

    @Override
    public boolean isHttpSession() {
        return true;
    }
}
