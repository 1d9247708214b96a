package io.cspwebsocket.demo;

import java.util.Collection;

/**
 * The JSON messages the chat server sends (see {@link ChatServer}), built by hand: flat objects
 * of strings and one array of strings, which is all the protocol needs and keeps the WAR free of
 * a JSON library.
 */
final class ChatMessages {

    private ChatMessages() {
    }

    static String welcome(String id, String room, Collection<String> members) {
        StringBuilder json = new StringBuilder("{\"type\":\"welcome\",\"id\":").append(quote(id))
                .append(",\"room\":").append(quote(room))
                .append(",\"members\":[");
        String separator = "";
        for (String member : members) {
            json.append(separator).append(quote(member));
            separator = ",";
        }
        return json.append("]}").toString();
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
