package io.cspwebsocket.impl.internal;

import jakarta.servlet.http.HttpSession;

/**
 * A connection bound to an HTTP session (SPEC §7, {@code UseSession = 1}). The only place, with
 * {@link HandshakeFilter}, that refers to servlet types, so the adapter also runs where there
 * is no servlet layer.
 */
final class HttpSessionBinding implements SessionBinding {

    private final HttpSession session;

    HttpSessionBinding(HttpSession session) {
        this.session = session;
    }

    @Override
    public String id() {
        return session.getId();
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
}
