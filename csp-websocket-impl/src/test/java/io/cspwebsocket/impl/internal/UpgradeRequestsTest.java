package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §8.3 / RFC 6455 §4.2.1: which requests are valid opening handshakes, decided before any page code. */
class UpgradeRequestsTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("valid", edit(h -> { }), "GET", "HTTP/1.1", 0),
                Arguments.of("Firefox's Connection: keep-alive, Upgrade and Upgrade: WebSocket",
                        edit(h -> {
                            h.put("Connection", List.of("keep-alive, Upgrade"));
                            h.put("Upgrade", List.of("WebSocket"));
                        }), "GET", "HTTP/1.1", 0),
                Arguments.of("POST", edit(h -> { }), "POST", "HTTP/1.1", 400),
                Arguments.of("HTTP/1.0", edit(h -> { }), "GET", "HTTP/1.0", 400),
                Arguments.of("HTTP/2", edit(h -> { }), "GET", "HTTP/2.0", 400),
                Arguments.of("no Upgrade", edit(h -> h.remove("Upgrade")), "GET", "HTTP/1.1", 400),
                Arguments.of("Upgrade: h2c", edit(h -> h.put("Upgrade", List.of("h2c"))), "GET", "HTTP/1.1", 400),
                Arguments.of("no Connection: Upgrade", edit(h -> h.put("Connection", List.of("keep-alive"))),
                        "GET", "HTTP/1.1", 400),
                Arguments.of("no version", edit(h -> h.remove("Sec-WebSocket-Version")), "GET", "HTTP/1.1", 426),
                Arguments.of("version 8", edit(h -> h.put("Sec-WebSocket-Version", List.of("8"))), "GET", "HTTP/1.1", 426),
                Arguments.of("two versions", edit(h -> h.put("Sec-WebSocket-Version", List.of("13", "13"))),
                        "GET", "HTTP/1.1", 426),
                Arguments.of("no key", edit(h -> h.remove("Sec-WebSocket-Key")), "GET", "HTTP/1.1", 400),
                Arguments.of("two keys", edit(h -> h.put("Sec-WebSocket-Key", List.of(KEY, KEY))), "GET", "HTTP/1.1", 400),
                Arguments.of("a key of 8 bytes", edit(h -> h.put("Sec-WebSocket-Key", List.of("AAAAAAAAAAA="))),
                        "GET", "HTTP/1.1", 400),
                Arguments.of("a key of 24 chars that is not base64",
                        edit(h -> h.put("Sec-WebSocket-Key", List.of("!!!!!!!!!!!!!!!!!!!!!!=="))), "GET", "HTTP/1.1", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void spec8_3_theUpgradeIsValidatedAsRfc6455Says(String name, Map<String, List<String>> headers, String method,
                                                     String protocol, int status) {
        UpgradeRequests.Verdict verdict = UpgradeRequests.check(method, protocol,
                header -> headers.getOrDefault(header, List.of()));
        assertEquals(status, verdict.status(), name + ": " + verdict.reason());
        assertEquals(status == 0, verdict.valid());
        assertTrue(status == 0 || !verdict.reason().isEmpty(), "a refusal says why");
    }

    /** The reason goes to the log and the 400 response: it must name the defect that was found. */
    @org.junit.jupiter.api.Test
    void theReasonNamesTheDefect() {
        assertEquals("no Sec-WebSocket-Key", reasonFor(edit(h -> h.remove("Sec-WebSocket-Key"))));
        assertEquals("Sec-WebSocket-Key is not one base64 nonce of 16 bytes",
                reasonFor(edit(h -> h.put("Sec-WebSocket-Key", List.of(KEY, KEY)))));
        assertEquals("no 'Upgrade: websocket' header", reasonFor(edit(h -> h.remove("Upgrade"))));
    }

    private static String reasonFor(Map<String, List<String>> headers) {
        return UpgradeRequests.check("GET", "HTTP/1.1", header -> headers.getOrDefault(header, List.of())).reason();
    }

    private static Map<String, List<String>> edit(Consumer<Map<String, List<String>>> change) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Upgrade", new ArrayList<>(List.of("websocket")));
        headers.put("Connection", new ArrayList<>(List.of("Upgrade")));
        headers.put("Sec-WebSocket-Version", new ArrayList<>(List.of("13")));
        headers.put("Sec-WebSocket-Key", new ArrayList<>(List.of(KEY)));
        change.accept(headers);
        return headers;
    }
}
