package io.cspwebsocket.impl.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Issues and checks WebSocket ids (SPEC §6.4): 128 random bits from {@link SecureRandom},
 * written as 22 base64url characters, all of them RFC 3986 unreserved, so an id can travel in a
 * URL or a JavaScript string untouched and cannot be guessed from another. On a clustered node
 * the id starts with the node's id and {@code ~} (also unreserved), so any node can tell where a
 * socket lives without a lookup (§12).
 */
public final class WebSocketIds {

    static final int LENGTH = 22;
    /** A node id: 1 to 32 of {@code A-Z a-z 0-9 _ -}. */
    public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final char NODE_SEPARATOR = '~';
    private static final int RANDOM_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private WebSocketIds() {
    }

    /** @return a new id for a single-node application */
    public static String next() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /**
     * @param nodeId the node's id, or {@code null} when not clustered
     * @return a new id, carrying the node
     */
    public static String next(String nodeId) {
        return nodeId == null ? next() : nodeId + NODE_SEPARATOR + next();
    }

    /**
     * Whether a string has the form of an id this library issues. A well-formed id that names no
     * open socket is stale (7951); anything else is malformed (5001).
     *
     * @param candidate the string to check; may be {@code null}
     * @return {@code true} if well-formed
     */
    public static boolean isWellFormed(String candidate) {
        if (candidate == null) {
            return false;
        }
        int separator = candidate.indexOf(NODE_SEPARATOR);
        if (separator >= 0 && !NODE_ID.matcher(candidate.substring(0, separator)).matches()) {
            return false;
        }
        String random = candidate.substring(separator + 1);
        if (random.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = random.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param webSocketId a well-formed id
     * @return the node that issued it, or {@code null} for a single-node id
     */
    public static String nodeOf(String webSocketId) {
        int separator = webSocketId.indexOf(NODE_SEPARATOR);
        return separator < 0 ? null : webSocketId.substring(0, separator);
    }
}
