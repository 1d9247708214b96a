package io.cspwebsocket.impl.internal;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Decides whether a request is a valid WebSocket opening handshake (RFC 6455 §4.2.1) before any
 * page code or session exists (SPEC §8.3): the library answers an invalid one itself, the way the
 * containers do, so that no container's own late validation can refuse a connection whose
 * {@code onPreServer} has already run.
 */
final class UpgradeRequests {

    /** The only protocol version of RFC 6455. */
    static final String VERSION = "13";
    /** HTTP status for a version other than 13, sent with {@code Sec-WebSocket-Version: 13}. */
    static final int UPGRADE_REQUIRED = 426;

    /**
     * What to answer.
     *
     * @param status 0 when the request is a valid upgrade; else the HTTP status to refuse it with
     * @param reason why, for the log and the error page
     */
    record Verdict(int status, String reason) {
        static final Verdict VALID = new Verdict(0, "");

        /** @return whether the request may go on to the Origin check */
        boolean valid() {
            return status == 0;
        }
    }

    private UpgradeRequests() {
    }

    /**
     * @param method the HTTP method
     * @param protocol the request's protocol, e.g. {@code HTTP/1.1}
     * @param headers every value of a header (any case), empty when absent
     * @return {@link Verdict#VALID}, 400, or 426 for a missing or wrong version
     */
    static Verdict check(String method, String protocol, Function<String, List<String>> headers) {
        if (!"GET".equals(method)) {
            return bad("a WebSocket handshake is a GET request, not " + method);
        }
        if (!"HTTP/1.1".equals(protocol)) {
            return bad("a WebSocket handshake needs HTTP/1.1, not " + protocol);
        }
        if (!containsToken(headers.apply("Upgrade"), "websocket")) {
            return bad("no 'Upgrade: websocket' header");
        }
        if (!containsToken(headers.apply("Connection"), "upgrade")) {
            return bad("no 'Connection: Upgrade' header");
        }
        List<String> versions = headers.apply("Sec-WebSocket-Version");
        if (versions.size() != 1 || !VERSION.equals(versions.get(0).trim())) {
            return new Verdict(UPGRADE_REQUIRED, "Sec-WebSocket-Version " + versions + " is not " + VERSION);
        }
        List<String> keys = headers.apply("Sec-WebSocket-Key");
        if (keys.size() != 1 || !isValidKey(keys.get(0).trim())) {
            return bad(keys.isEmpty() ? "no Sec-WebSocket-Key" : "Sec-WebSocket-Key is not one base64 nonce of 16 bytes");
        }
        return Verdict.VALID;
    }

    private static Verdict bad(String reason) {
        return new Verdict(400, reason);
    }

    /** RFC 6455 §4.1: the key is a randomly selected 16-byte value, base64-encoded (24 characters). */
    private static boolean isValidKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a comma-separated header (in any of its values) holds the token, case-insensitively. */
    private static boolean containsToken(List<String> values, String token) {
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
