package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        String id = "S1";
        boolean invalidated;

        FakeSession(int maxInactiveInterval) {
            this.maxInactiveInterval = maxInactiveInterval;
        }

        HttpSession proxy() {
            return (HttpSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpSession.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "removeAttribute" -> attributes.remove((String) args[0]);
                        case "getMaxInactiveInterval" -> maxInactiveInterval;
                        case "setMaxInactiveInterval" -> {
                            maxInactiveInterval = (Integer) args[0];
                            yield null;
                        }
                        case "getLastAccessedTime" -> lastAccessedTime;
                        case "getId" -> {
                            if (invalidated) {
                                throw new IllegalStateException("invalidated");
                            }
                            yield id;
                        }
                        case "invalidate" -> {
                            invalidated = true;
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void aSessionShorterThanTheHeartbeatIsRaisedByTheFirstKeepAlive() {
        FakeSession session = new FakeSession(2);
        HttpSessionBinding binding = new HttpSessionBinding(session.proxy(), 15);
        assertEquals(2, session.maxInactiveInterval, "binding alone changes nothing (a refused handshake binds too)");

        binding.keepAlive();

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

        assertTrue(session.maxInactiveInterval >= 1_600 && session.maxInactiveInterval <= 1_617,
                "idle time + original interval (+ one slack of 15 s), got " + session.maxInactiveInterval);
    }

    @Test
    void attributesAndInvalidationGoToTheHttpSession() {
        FakeSession session = new FakeSession(600);
        HttpSessionBinding binding = new HttpSessionBinding(session.proxy(), 15);

        binding.setAttribute("user", "ann");
        assertEquals("ann", session.attributes.get("user"), "a page's attribute is the HTTP session's (SPEC 7.1)");
        session.attributes.put("cart", 3);
        assertEquals(3, binding.getAttribute("cart"), "and a servlet's attribute is the page's");
        assertFalse(session.invalidated);
        binding.invalidate();
        assertTrue(session.invalidated, "SessionEndOnClose ends the HTTP session itself (SPEC 7.2)");
    }

    @Test
    void spec7_3_theIdFollowsAnIdChangeAndIsKeptOnceTheSessionHasEnded() {
        FakeSession session = new FakeSession(600);
        HttpSessionBinding binding = new HttpSessionBinding(session.proxy(), 15);
        assertEquals("S1", binding.id());

        session.id = "S2"; // changeSessionId() at login
        assertEquals("S2", binding.id());
        session.invalidated = true;
        assertEquals("S2", binding.id(), "the last id the session had");
    }

    @Test
    void aSessionWithAnIntervalOfZeroNeverExpiresAndIsLeftAlone() {
        FakeSession session = new FakeSession(0);

        new HttpSessionBinding(session.proxy(), 15).keepAlive();

        assertEquals(0, session.maxInactiveInterval);
        assertTrue(session.attributes.isEmpty(), session.attributes.toString());
    }

    @Test
    void aSessionWhoseOwnLifetimeIsStillAheadIsNotTouched() {
        FakeSession session = new FakeSession(600); // used just now: 600 s ahead, more than the 15 s wanted

        new HttpSessionBinding(session.proxy(), 15).keepAlive();

        assertEquals(600, session.maxInactiveInterval);
        assertTrue(session.attributes.isEmpty(), session.attributes.toString());
    }

    @Test
    void aSessionKeptAliveAgainAfterItsReleaseKeepsItsRaisedTimeout() {
        FakeSession session = new FakeSession(600);
        HttpSessionBinding binding = new HttpSessionBinding(session.proxy(), 15);
        session.lastAccessedTime = System.currentTimeMillis() - 1_000_000;
        binding.keepAlive();
        int raised = session.maxInactiveInterval;
        binding.release();

        binding.keepAlive(); // a new socket of the same session
        assertTrue(binding.restoreIfDue(), "nothing to restore while a socket keeps the session");
        assertTrue(session.maxInactiveInterval >= raised, "still kept alive: " + session.maxInactiveInterval);
        assertEquals(600, session.attributes.get(HttpSessionBinding.ORIGINAL_INTERVAL));
    }

    @Test
    void anImmortalSessionIsLeftAlone() {
        FakeSession session = new FakeSession(-1);

        new HttpSessionBinding(session.proxy(), 15).keepAlive();

        assertEquals(-1, session.maxInactiveInterval);
    }

    @Test
    void theOwnTimeoutIsBackOnceARequestUsedTheSessionAfterItsLastSocket() {
        FakeSession session = new FakeSession(600);
        HttpSessionBinding binding = new HttpSessionBinding(session.proxy(), 15);
        session.lastAccessedTime = System.currentTimeMillis() - 8 * 3_600_000L; // a socket open for 8 hours
        binding.keepAlive();
        int raised = session.maxInactiveInterval;
        assertTrue(raised > 8 * 3600, "kept alive: " + raised);

        binding.release();
        assertFalse(binding.restoreIfDue(), "not yet: the session still gets its own lifetime after the close");
        assertEquals(raised, session.maxInactiveInterval);

        session.lastAccessedTime = System.currentTimeMillis() + 1; // a request used the session
        assertTrue(binding.restoreIfDue());
        assertEquals(600, session.maxInactiveInterval, "the session's own timeout, not the 8-hour one");
        assertFalse(session.attributes.containsKey(HttpSessionBinding.KEPT_INTERVAL), "no trace left");
    }

    @Test
    void anIntervalTheApplicationSetsMeanwhileWins() {
        FakeSession session = new FakeSession(600);
        HttpSessionBinding binding = new HttpSessionBinding(session.proxy(), 15);
        session.lastAccessedTime = System.currentTimeMillis() - 1_000_000;
        binding.keepAlive();

        session.maxInactiveInterval = 900; // the application's own change while the socket is open
        binding.keepAlive();
        binding.restoreNow();
        assertEquals(900, session.maxInactiveInterval, "restored to the application's latest interval");

        binding.keepAlive();
        binding.release();
        session.maxInactiveInterval = 60; // and once more after the last socket closed
        session.lastAccessedTime = System.currentTimeMillis() + 1;
        assertTrue(binding.restoreIfDue());
        assertEquals(60, session.maxInactiveInterval, "the application's value is left as it set it");
    }
}
