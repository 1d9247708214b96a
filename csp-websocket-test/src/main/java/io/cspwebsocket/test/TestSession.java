package io.cspwebsocket.test;

import io.cspwebsocket.impl.internal.SessionBinding;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web session of a page opened in memory (IRIS {@code %session}): the attributes the test
 * gave the request, and what the page stores. Several sockets of one test share one when the
 * test asks for it; ending it ({@code SessionEndOnClose}) is recorded for the test to see.
 */
final class TestSession implements SessionBinding {

    private final String id;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile boolean invalidated;

    TestSession(String id, Map<String, Object> initial) {
        this.id = id;
        this.attributes.putAll(initial);
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
        invalidated = true;
        attributes.clear();
    }

    boolean invalidated() {
        return invalidated;
    }
}
