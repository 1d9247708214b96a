package io.cspwebsocket.impl.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session that lives as long as one connection: for pages with {@code useSession = false}
 * that arrive without an HTTP session, and for containers without a servlet layer.
 */
public final class TransientSession implements SessionBinding {

    private final String id;
    /** Created at the first attribute written: an idle page that never writes one keeps no map. */
    private volatile Map<String, Object> attributes;

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
        Map<String, Object> map = attributes;
        return map == null ? null : map.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            Map<String, Object> map = attributes;
            if (map != null) {
                map.remove(name);
            }
        } else {
            attributes().put(name, value);
        }
    }

    @Override
    public void invalidate() {
        Map<String, Object> map = attributes;
        if (map != null) {
            map.clear();
        }
    }

    private Map<String, Object> attributes() {
        Map<String, Object> map = attributes;
        if (map == null) {
            synchronized (this) {
                map = attributes;
                if (map == null) {
                    map = new ConcurrentHashMap<>();
                    attributes = map;
                }
            }
        }
        return map;
    }
}
