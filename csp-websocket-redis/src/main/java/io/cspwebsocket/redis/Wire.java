package io.cspwebsocket.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The messages nodes exchange over Redis pub/sub, as bytes. Redis strings are binary-safe and the
 * connections use a byte-array codec, so payloads travel as they are: text as UTF-8 (or as raw
 * UTF-16 code units when it holds an unpaired surrogate, which UTF-8 cannot carry), binary as raw
 * bytes. No base64
 * (a third larger, and CPU on both ends), no escaping, no delimiters that data could contain.
 *
 * <p>A message is the magic {@code csp1} followed by fields, each written as its length in decimal
 * ASCII, {@code ':'} and its bytes (a netstring without the trailing comma):
 * <ul>
 *   <li>request: kind, request id, reply channel, target (WebSocket id or page class name), payload;
 *       a broadcast has a sixth field, its sequence number, appended by Redis when it is published
 *       ({@link BroadcastSequence});</li>
 *   <li>reply: {@code R}, request id, answering node, status code, status message (for a broadcast,
 *       the count).</li>
 * </ul>
 * Anything else is rejected with {@link IllegalArgumentException}, never guessed at.
 */
final class Wire {

    private static final byte[] MAGIC = "csp1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LENGTH_DIGITS = 10;

    /** What a request asks the owning node to do. */
    enum Kind {
        /** Write text sent as UTF-8. */
        WRITE_UTF8('T'),
        /** Write text sent as UTF-16BE (it holds an unpaired surrogate). */
        WRITE_UTF16('U'),
        /** Write binary. */
        WRITE_BINARY('B'),
        /** Write text sent as UTF-8, waiting for room as a blocking write does (SPEC §4.2). */
        WRITE_WAIT_UTF8('W'),
        /** Write text sent as UTF-16BE, waiting for room. */
        WRITE_WAIT_UTF16('V'),
        /** Write binary, waiting for room. */
        WRITE_WAIT_BINARY('A'),
        /** End the socket. */
        END('E'),
        /** Say whether the socket is open. */
        STATUS('S'),
        /** Say whether the socket's page is in binary mode: OK if it is; 7951 for text mode or a socket not open. */
        BINARY_DATA('Y'),
        /** Broadcast text sent as UTF-8 to a page class. */
        BROADCAST_UTF8('C'),
        /** Broadcast text sent as UTF-16BE (it holds an unpaired surrogate). */
        BROADCAST_UTF16('D'),
        /** An answer. */
        REPLY('R');

        private final byte code;

        Kind(char code) {
            this.code = (byte) code;
        }

        static Kind of(byte code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown message kind " + (char) code);
        }
    }

    /**
     * A request to another node.
     *
     * @param kind what to do
     * @param id the caller's request id, echoed in the reply
     * @param replyTo the channel to answer on
     * @param target the WebSocket id, or the page class name of a broadcast
     * @param payload the data of a write or broadcast; empty otherwise
     * @param sequence a broadcast's number in the application's sequence of broadcasts; 0 if none
     */
    record Request(Kind kind, long id, String replyTo, String target, byte[] payload, long sequence) {

        /** A request without a sequence number (all but published broadcasts). */
        Request(Kind kind, long id, String replyTo, String target, byte[] payload) {
            this(kind, id, replyTo, target, payload, 0);
        }

        /** @return whether it is a broadcast */
        boolean isBroadcast() {
            return kind == Kind.BROADCAST_UTF8 || kind == Kind.BROADCAST_UTF16;
        }

        /** @return the payload as text, for text writes and broadcasts */
        String text() {
            return switch (kind) {
                case WRITE_UTF8, WRITE_WAIT_UTF8, BROADCAST_UTF8 -> new String(payload, StandardCharsets.UTF_8);
                case WRITE_UTF16, WRITE_WAIT_UTF16, BROADCAST_UTF16 -> fromChars(payload);
                default -> throw new IllegalStateException(kind + " carries no text");
            };
        }
    }

    /**
     * An answer to a request.
     *
     * @param id the request id
     * @param node the answering node
     * @param code the status code (0 = OK)
     * @param message the status message, or the count of a broadcast
     */
    record Reply(long id, String node, int code, String message) {
    }

    private Wire() {
    }

    /**
     * @param kind a write or broadcast kind for UTF-8 text; its UTF-16 twin is used when needed
     * @param text the text
     * @return the kind that carries {@code text} exactly
     */
    static Kind textKind(Kind kind, String text) {
        if (!hasUnpairedSurrogate(text)) {
            return kind;
        }
        return switch (kind) {
            case BROADCAST_UTF8 -> Kind.BROADCAST_UTF16;
            case WRITE_WAIT_UTF8 -> Kind.WRITE_WAIT_UTF16;
            default -> Kind.WRITE_UTF16;
        };
    }

    /**
     * @param kind from {@link #textKind}
     * @param text the text
     * @return its bytes in the kind's encoding
     */
    static byte[] textBytes(Kind kind, String text) {
        boolean utf16 = kind == Kind.WRITE_UTF16 || kind == Kind.WRITE_WAIT_UTF16 || kind == Kind.BROADCAST_UTF16;
        return utf16 ? toChars(text) : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Each {@code char} as two bytes, big-endian: unlike the UTF-16 charset, keeps unpaired surrogates. */
    private static byte[] toChars(String text) {
        byte[] bytes = new byte[text.length() * 2];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes[2 * i] = (byte) (c >> 8);
            bytes[2 * i + 1] = (byte) c;
        }
        return bytes;
    }

    private static String fromChars(byte[] bytes) {
        if (bytes.length % 2 != 0) {
            throw new IllegalArgumentException("UTF-16 text of odd length " + bytes.length);
        }
        char[] chars = new char[bytes.length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff));
        }
        return new String(chars);
    }

    static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static byte[] encode(Request request) {
        if (request.kind() == Kind.REPLY) {
            throw new IllegalArgumentException("a request cannot be of kind REPLY");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + request.payload().length);
        out.writeBytes(MAGIC);
        field(out, new byte[] {request.kind().code});
        field(out, Long.toString(request.id()));
        field(out, request.replyTo());
        field(out, request.target());
        field(out, request.payload());
        return out.toByteArray();
    }

    static byte[] encode(Reply reply) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + reply.message().length());
        out.writeBytes(MAGIC);
        field(out, new byte[] {Kind.REPLY.code});
        field(out, Long.toString(reply.id()));
        field(out, reply.node());
        field(out, Integer.toString(reply.code()));
        field(out, reply.message());
        return out.toByteArray();
    }

    /**
     * @param message a message from the wire
     * @return a {@link Request} or a {@link Reply}
     * @throws IllegalArgumentException if it is not a well-formed message of this version
     */
    static Object decode(byte[] message) {
        if (message == null || message.length < MAGIC.length
                || !Arrays.equals(message, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a csp1 message");
        }
        List<byte[]> fields = fields(message, MAGIC.length);
        if (fields.size() < 5 || fields.get(0).length != 1) {
            throw new IllegalArgumentException("a csp1 message has 5 fields, got " + fields.size());
        }
        Kind kind = Kind.of(fields.get(0)[0]);
        boolean broadcast = kind == Kind.BROADCAST_UTF8 || kind == Kind.BROADCAST_UTF16;
        if (fields.size() != (broadcast ? 6 : 5) && !(broadcast && fields.size() == 5)) {
            throw new IllegalArgumentException("a csp1 " + kind + " message has " + (broadcast ? "5 or 6" : "5")
                    + " fields, got " + fields.size());
        }
        long id = parseLong(ascii(fields.get(1)));
        if (kind == Kind.REPLY) {
            return new Reply(id, utf8(fields.get(2)), (int) parseLong(ascii(fields.get(3))), utf8(fields.get(4)));
        }
        long sequence = fields.size() == 6 ? parseLong(ascii(fields.get(5))) : 0;
        return new Request(kind, id, utf8(fields.get(2)), utf8(fields.get(3)), fields.get(4), sequence);
    }

    private static List<byte[]> fields(byte[] message, int start) {
        List<byte[]> fields = new ArrayList<>(5);
        int at = start;
        while (at < message.length) {
            int colon = at;
            while (colon < message.length && message[colon] != ':') {
                byte digit = message[colon];
                if (digit < '0' || digit > '9' || colon - at >= MAX_LENGTH_DIGITS) {
                    throw new IllegalArgumentException("bad field length at byte " + colon);
                }
                colon++;
            }
            if (colon == at || colon == message.length) {
                throw new IllegalArgumentException("truncated field at byte " + at);
            }
            long length = Long.parseLong(new String(message, at, colon - at, StandardCharsets.US_ASCII));
            int from = colon + 1;
            if (length > message.length - from) {
                throw new IllegalArgumentException("field at byte " + at + " runs past the end");
            }
            fields.add(Arrays.copyOfRange(message, from, from + (int) length));
            at = from + (int) length;
        }
        return fields;
    }

    private static void field(ByteArrayOutputStream out, String value) {
        field(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(Integer.toString(value.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(value);
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + value + "'", e);
        }
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
