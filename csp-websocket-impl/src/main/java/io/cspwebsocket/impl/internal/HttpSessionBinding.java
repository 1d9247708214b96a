package io.cspwebsocket.impl.internal;

import jakarta.servlet.http.HttpSession;

/**
 * A connection bound to an HTTP session (SPEC §7, {@code UseSession = 1}). With
 * {@link PageUpgradeServlet} and {@link SessionListener}, the only places that refer to servlet
 * types, so the adapter also runs where there is no servlet layer.
 *
 * <p>Keep-alive: while a socket is open, {@link #keepAlive()} raises the session's maximum
 * inactive interval to "time idle so far + the original interval", so the session always has at
 * least its original lifetime left, and expires that long after the last socket closed. It never
 * sets "never expires" ({@code -1}): containers persist sessions on shutdown, and such a session
 * would outlive every restart.
 */
final class HttpSessionBinding implements SessionBinding {

    /** Session attribute holding the interval the application had set, before any keep-alive. */
    static final String ORIGINAL_INTERVAL = "io.cspwebsocket.originalMaxInactiveInterval";

    private final HttpSession session;
    private final int minimumSeconds;
    private volatile String lastKnownId;

    /**
     * @param session the handshake's session
     * @param minimumSeconds the shortest lifetime to keep ahead, at least two heartbeat ticks
     */
    HttpSessionBinding(HttpSession session, int minimumSeconds) {
        this.session = session;
        this.minimumSeconds = minimumSeconds;
        this.lastKnownId = session.getId();
        if (session.getAttribute(ORIGINAL_INTERVAL) == null) {
            session.setAttribute(ORIGINAL_INTERVAL, session.getMaxInactiveInterval());
        }
        // At once, not at the first heartbeat: a session shorter than one tick (7.5 s by default)
        // would otherwise expire before anything kept it alive.
        keepAlive();
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
        Object original = session.getAttribute(ORIGINAL_INTERVAL);
        if (!(original instanceof Integer originalSeconds) || originalSeconds <= 0) {
            return; // the application made the session immortal itself
        }
        long idleSeconds = Math.max(0, (System.currentTimeMillis() - session.getLastAccessedTime()) / 1000);
        long wanted = idleSeconds + Math.max(originalSeconds, minimumSeconds);
        int capped = (int) Math.min(Integer.MAX_VALUE, wanted);
        if (capped > session.getMaxInactiveInterval()) {
            session.setMaxInactiveInterval(capped);
        }
    }

    @Override
    public boolean isHttpSession() {
        return true;
    }
}
