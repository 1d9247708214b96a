package io.cspwebsocket.impl.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a handshake's query string, decoded as UTF-8 on every container. A
 * handshake is a GET without a body, so the query string holds them all; containers' own
 * decoding differs (Payara decodes ISO-8859-1 unless the application sets a request encoding),
 * and IRIS's {@code %request.Data} gives UTF-8 text.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * @param query the raw query string, or {@code null}
     * @return each name with its values in order; a name without {@code =} has the value {@code ""}
     */
    public static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text; // a stray '%': keep the text as it was sent
        }
    }
}
