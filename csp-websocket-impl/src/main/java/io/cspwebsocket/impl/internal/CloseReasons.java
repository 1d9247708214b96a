package io.cspwebsocket.impl.internal;

import java.nio.charset.StandardCharsets;

/**
 * Close codes and reason phrases the library sends. RFC 6455 §5.5 limits a control frame's
 * payload to 125 bytes, two of which carry the code, so a reason may hold at most 123 UTF-8
 * bytes; Jakarta's {@code CloseReason} throws beyond that. Reasons are the library's own fixed
 * words, never exception text (SPEC §2.3): a stack trace must not reach the client.
 */
public final class CloseReasons {

    /** 1000: normal closure. */
    public static final int NORMAL = 1000;
    /** 1001: going away (undeploy, shutdown, idle). */
    public static final int GOING_AWAY = 1001;
    /** 1006: closed without a close frame (never sent, only seen). */
    public static final int ABNORMAL = 1006;
    /** 1008: policy violation (refused handshake without a servlet layer, session ended). */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: message too big. */
    public static final int TOO_BIG = 1009;
    /** 1011: unexpected condition in the page or the send path. */
    public static final int SERVER_ERROR = 1011;

    static final int MAX_REASON_BYTES = 123;

    private CloseReasons() {
    }

    /**
     * Cuts a reason to at most 123 UTF-8 bytes without splitting a character.
     *
     * @param reason the reason; {@code null} means empty
     * @return the reason, shortened if needed
     */
    public static String truncate(String reason) {
        if (reason == null) {
            return "";
        }
        if (reason.length() * 3 <= MAX_REASON_BYTES
                || reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int cp = reason.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_REASON_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return reason.substring(0, end);
    }
}
