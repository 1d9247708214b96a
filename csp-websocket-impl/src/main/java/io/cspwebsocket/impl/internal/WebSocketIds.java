package io.cspwebsocket.impl.internal;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Issues and checks WebSocket ids (SPEC §6.4): 128 random bits from {@link SecureRandom},
 * written as 22 base64url characters, all of them RFC 3986 unreserved, so an id can travel in a
 * URL or a JavaScript string untouched and cannot be guessed from another.
 */
public final class WebSocketIds {

    static final int LENGTH = 22;
    private static final int RANDOM_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private WebSocketIds() {
    }

    /** @return a new id */
    public static String next() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Whether a string has the form of an id this library issues. A well-formed id that names no
     * open socket is stale (7951); anything else is malformed (5001).
     *
     * @param candidate the string to check; may be {@code null}
     * @return {@code true} if well-formed
     */
    public static boolean isWellFormed(String candidate) {
        if (candidate == null || candidate.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = candidate.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }
}
