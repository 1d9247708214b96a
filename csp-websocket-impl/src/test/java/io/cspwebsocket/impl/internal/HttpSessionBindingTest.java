package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §7.3 keep-alive arithmetic, on a session that only stores what it is given. */
class HttpSessionBindingTest {

    /** A session with an interval, attributes and an access time: the parts the binding uses. */
    private static final class FakeSession {
        final Map<String, Object> attributes = new HashMap<>();
        int maxInactiveInterval;
        long lastAccessedTime = System.currentTimeMillis();

        FakeSession(int maxInactiveInterval) {
            this.maxInactiveInterval = maxInactiveInterval;
        }

        HttpSession proxy() {
            return (HttpSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpSession.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "getMaxInactiveInterval" -> maxInactiveInterval;
                        case "setMaxInactiveInterval" -> {
                            maxInactiveInterval = (Integer) args[0];
                            yield null;
                        }
                        case "getLastAccessedTime" -> lastAccessedTime;
                        case "getId" -> "S1";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void aSessionShorterThanTheHeartbeatIsRaisedWhenTheSocketBinds() {
        FakeSession session = new FakeSession(2);

        new HttpSessionBinding(session.proxy(), 15);

        assertTrue(session.maxInactiveInterval >= 15,
                "a 2 s session must outlive two heartbeat ticks at once, got " + session.maxInactiveInterval);
        assertEquals(2, session.attributes.get(HttpSessionBinding.ORIGINAL_INTERVAL), "the application's interval is kept");
    }

    @Test
    void keepAliveKeepsTheOriginalLifetimeAheadOfTheIdleTime() {
        FakeSession session = new FakeSession(600);
        HttpSessionBinding binding = new HttpSessionBinding(session.proxy(), 15);
        session.lastAccessedTime = System.currentTimeMillis() - 1_000_000; // idle 1,000 s

        binding.keepAlive();

        assertTrue(session.maxInactiveInterval >= 1_600 && session.maxInactiveInterval <= 1_602,
                "idle time + original interval, got " + session.maxInactiveInterval);
    }

    @Test
    void anImmortalSessionIsLeftAlone() {
        FakeSession session = new FakeSession(-1);

        new HttpSessionBinding(session.proxy(), 15).keepAlive();

        assertEquals(-1, session.maxInactiveInterval);
    }
}
