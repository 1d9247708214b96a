package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.impl.CspWebSocketStatistics.Refusal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.2 behind a proxy: with forwarded headers trusted, the Origin is compared with the
 * client-facing proxy's scheme and host (the first of each comma-separated list); without, and
 * when they are blank, with the request's own. A refusal is counted.
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
