package io.cspwebsocket.impl.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session that lives as long as one connection: for pages with {@code useSession = false}
 * that arrive without an HTTP session, and for containers without a servlet layer.
 */
public final class TransientSession implements SessionBinding {

    private final String id;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    /** @param id the session id to report */
    public TransientSession(String id) {
        this.id = id;
    }

    /** @return a transient session with a fresh unguessable id */
    public static TransientSession create() {
        return new TransientSession(WebSocketIds.next());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void invalidate() {
        attributes.clear();
    }
}
