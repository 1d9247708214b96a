package io.cspwebsocket.sample;

import java.util.Collection;

/**
 * The chat's JSON messages: those of the demo's {@code ChatMessages} (so that the demo's
 * {@code chat.html} is the client), with the room list added to the welcome. Built by hand, as in
 * the demo: flat objects of strings and arrays of strings are all the protocol needs.
 */
final class ChatMessages {

    private ChatMessages() {
    }

    static String welcome(String id, String room, Collection<String> members, Collection<String> rooms) {
        return "{\"type\":\"welcome\",\"id\":" + quote(id) + ",\"room\":" + quote(room)
                + ",\"members\":" + array(members) + ",\"rooms\":" + array(rooms) + "}";
    }

    private static String array(Collection<String> items) {
        StringBuilder json = new StringBuilder("[");
        String separator = "";
        for (String item : items) {
            json.append(separator).append(quote(item));
            separator = ",";
        }
        return json.append(']').toString();
    }

    static String join(String id, String room) {
        return "{\"type\":\"join\",\"id\":" + quote(id) + ",\"room\":" + quote(room) + "}";
    }

    static String leave(String id, String room) {
        return "{\"type\":\"leave\",\"id\":" + quote(id) + ",\"room\":" + quote(room) + "}";
    }

    static String message(String from, String room, String text) {
        return "{\"type\":\"message\",\"from\":" + quote(from) + ",\"room\":" + quote(room)
                + ",\"text\":" + quote(text) + "}";
    }

    /** An admin message; {@code room} is {@code null} when it went to every room. */
    static String admin(String text, String room) {
        return "{\"type\":\"admin\",\"text\":" + quote(text)
                + (room == null ? "" : ",\"room\":" + quote(room)) + "}";
    }

    static String error(String text) {
        return "{\"type\":\"error\",\"text\":" + quote(text) + "}";
    }

    /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // U+2028/2029 are valid JSON but not valid in older JavaScript string literals.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
