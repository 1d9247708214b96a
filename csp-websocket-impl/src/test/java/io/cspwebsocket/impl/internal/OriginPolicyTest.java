package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginPolicyTest {

    private static final OriginPolicy NONE = OriginPolicy.allowing(List.of());
    private static final OriginPolicy LISTED = OriginPolicy.allowing(List.of("https://app.example.com", "http://partner.example:8080"));
    private static final OriginPolicy ALL = OriginPolicy.allowing(List.of("*"));

    @ParameterizedTest(name = "{0} on {1}://{2} -> {3}")
    @CsvSource(nullValues = "NIL", value = {
        // absent Origin: non-browser client
        "NIL,                          http,  localhost:8080,   true",
        // same origin, host case-insensitive, default ports filled in
        "http://localhost:8080,        http,  localhost:8080,   true",
        "http://LOCALHOST:8080,        http,  localhost:8080,   true",
        "http://example.com,           http,  example.com:80,   true",
        "https://example.com:443,      https, example.com,      true",
        "https://example.com,          wss,   example.com,      true",
        // cross-site
        "http://evil.example,          http,  localhost:8080,   false",
        "http://localhost:8081,        http,  localhost:8080,   false",
        "https://localhost:8080,       http,  localhost:8080,   false",
        "http://127.0.0.1:8080,        http,  localhost:8080,   false",
        "null,                         http,  localhost:8080,   false",
        "not an origin,                http,  localhost:8080,   false",
        "http://localhost:8080/path,   http,  localhost:8080,   false",
        // no Host header (HTTP/1.0): no same origin to compare with
        "http://localhost:80,          http,  NIL,              false",
        "http://localhost:80,          http,  '  ',             false",
    })
    void spec8_2_sameOriginOrAbsent(String origin, String scheme, String host, boolean allowed) {
        assertEquals(allowed, NONE.allows(origin, scheme, host));
    }

    @ParameterizedTest
    @CsvSource({
        "https://app.example.com,      true",
        "https://APP.example.com:443,  true",
        "http://app.example.com,       false",
        "http://partner.example:8080,  true",
        "http://partner.example,       false",
        "null,                         false",
    })
    void spec8_2_allowList(String origin, boolean allowed) {
        assertEquals(allowed, LISTED.allows(origin, "http", "localhost:8080"));
    }

    @ParameterizedTest
    @CsvSource({"http://evil.example", "null"})
    void spec8_2_starAllowsEveryOrigin(String origin) {
        assertEquals(true, ALL.allows(origin, "http", "localhost:8080"));
    }

    /**
     * A configured entry that is not an origin (a typo, a URL with a path, a bad IPv6 literal) is
     * dropped: it neither breaks the policy nor matches headers that are not origins either.
     */
    @ParameterizedTest
    @CsvSource({"null", "not an origin", "http://[bad", "https://app.example.com/path", "''"})
    void entriesThatAreNotOriginsAllowNothing(String origin) {
        OriginPolicy policy = OriginPolicy.allowing(
                List.of("https://app.example.com", "not an origin", "http://[bad", "https://x.example/path", " "));
        assertFalse(policy.allows(origin, "http", "localhost:8080"), origin);
        assertTrue(policy.allows("https://app.example.com", "http", "localhost:8080"));
    }

    @ParameterizedTest
    @CsvSource({"https://extra.example, true", "https://app.example.com, true", "https://other.example, false"})
    void pageOriginsAddToTheApplicationList(String origin, boolean allowed) {
        assertEquals(allowed, LISTED.with(List.of("https://extra.example")).allows(origin, "http", "localhost"));
    }
}
