package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.impl.CspPageFactory;
import io.cspwebsocket.impl.CspWebSocketStatistics.Refusal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.2 behind a proxy: with forwarded headers trusted, the Origin is compared with the
 * client-facing proxy's scheme and host (the first of each comma-separated list); without, and
 * when they are blank, with the request's own. A refusal is counted. And what {@code prepare}
 * answers (SPEC §2.2): a connection waiting for its socket, 403 for {@code onPreServer}'s refusal,
 * 500 (counted) for a page that cannot be created.
 */
class PageHandshakeTest {

    private CspApplication application;

    @AfterEach
    void stop() {
        if (application != null) {
            application.shutdown();
        }
    }

    @Test
    void spec8_2_trustedForwardedHeadersGiveTheClientFacingSchemeAndHost() {
        assertTrue(admits(true, Map.of("Host", "backend:8080", "X-Forwarded-Proto", "https, http",
                "X-Forwarded-Host", "shop.example, proxy.internal", "Origin", "https://shop.example")));
        assertTrue(admits(true, Map.of("Host", "backend:8080", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "shop.example", "Origin", "https://shop.example")));
        assertFalse(admits(true, Map.of("Host", "backend:8080", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "shop.example", "Origin", "http://backend:8080")), "the backend is not the origin");
    }

    @Test
    void spec8_2_untrustedForwardedHeadersAreIgnoredAndTheRefusalCounted() {
        assertFalse(admits(false, Map.of("Host", "backend:8080", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "shop.example", "Origin", "https://shop.example")));
        assertEquals(1, application.metrics().refusedHandshakes(Refusal.ORIGIN));
    }

    @Test
    void spec8_2_blankForwardedHeadersFallBackToTheRequestsOwn() {
        assertTrue(admits(true, Map.of("Host", "backend:8080", "X-Forwarded-Proto", " ",
                "X-Forwarded-Host", "", "Origin", "http://backend:8080")));
        assertTrue(admits(true, Map.of("Host", "backend:8080", "Origin", "http://backend:8080")), "absent");
    }

    @Test
    void spec2_2_anAcceptedHandshakeWaitsForItsSocket() {
        PageHandshake.Outcome outcome = prepare(pages(page -> { }));
        assertTrue(outcome.accepted());
        assertEquals(0, outcome.refusedStatus());
        assertTrue(outcome.connection().inPreServer(), "no socket yet");
    }

    @Test
    void spec2_2_aRefusalByOnPreServerIs403WithoutAConnection() {
        PageHandshake.Outcome outcome = prepare(pages(page -> page.preServer = () -> CspStatus.error("not you")));
        assertFalse(outcome.accepted());
        assertNull(outcome.connection());
        assertEquals(PageHandshake.FORBIDDEN, outcome.refusedStatus());
        assertEquals(1, application.metrics().refusedHandshakes(Refusal.ON_PRE_SERVER));
    }

    @Test
    void spec2_2_aPageThatCannotBeCreatedIs500AndCounted() {
        PageHandshake.Outcome outcome = prepare(pages(page -> {
            throw new IllegalStateException("no bean for it");
        }));
        assertFalse(outcome.accepted());
        assertEquals(PageHandshake.SERVER_ERROR, outcome.refusedStatus());
        assertEquals(1, application.metrics().refusedHandshakes(Refusal.PAGE_ERROR));
        assertEquals(0, application.metrics().refusedHandshakes(Refusal.ON_PRE_SERVER));
    }

    /** A factory that makes {@link ConnectionTest.ScriptedPage}s and lets the test script each one. */
    private static CspPageFactory pages(java.util.function.Consumer<ConnectionTest.ScriptedPage> script) {
        return new CspPageFactory() {
            @Override
            public <T extends CspWebSocket> T create(Class<T> pageClass) {
                try {
                    T page = pageClass.getConstructor().newInstance();
                    script.accept((ConnectionTest.ScriptedPage) page);
                    return page;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void release(CspWebSocket page) {
            }
        };
    }

    private PageHandshake.Outcome prepare(CspPageFactory factory) {
        application = new CspApplication("handshake-test", ClsPathMapper.of(List.of(ConnectionTest.ScriptedPage.class)),
                CspConfig.DEFAULTS, getClass().getClassLoader(), parameter -> null, factory);
        PageDescriptor page = application.mapper().pages().iterator().next();
        HandshakeFacts facts = new HandshakeFacts(Map.of(), Map.of(), null, role -> false, null, "localhost");
        return PageHandshake.prepare(application, page, facts, TransientSession.create());
    }

    private boolean admits(boolean trustForwarded, Map<String, String> headers) {
        if (application != null) {
            application.shutdown();
        }
        CspConfig defaults = CspConfig.DEFAULTS;
        CspConfig config = new CspConfig(defaults.maxMessageSize(), defaults.sendTimeout(), defaults.inboxCapacity(),
                defaults.outboxCapacity(), Duration.ofMillis(200), List.of(), trustForwarded, Duration.ofHours(1),
                Duration.ofHours(1));
        application = new CspApplication("handshake-test", ClsPathMapper.of(List.of(ConnectionTest.ScriptedPage.class)),
                config, getClass().getClassLoader());
        PageDescriptor page = application.mapper().pages().iterator().next();
        return PageHandshake.admitsOrigin(application, page, "http", headers::get);
    }
}
