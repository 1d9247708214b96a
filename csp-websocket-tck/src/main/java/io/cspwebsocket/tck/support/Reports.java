package io.cspwebsocket.tck.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the reports fixture pages send. Internal TCK use only. */
public final class Reports {

    private Reports() {
    }

    /**
     * Parses {@code key=value} lines.
     *
     * @param report the report
     * @return the keys and values, in order
     */
    public static Map<String, String> keyValues(String report) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : report.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /**
     * One read result as {@code ReadPiecesPage} reports it.
     *
     * @param code the status code
     * @param atEnd {@code ReadResult.atEnd()}
     * @param isAtEnd the page's {@code isAtEnd()} after the read
     * @param data the data
     */
    public record Piece(int code, boolean atEnd, boolean isAtEnd, String data) {

        /**
         * Parses {@code code|atEnd|isAtEnd|length|data}.
         *
         * @param report the report
         * @return the piece
         */
        public static Piece parse(String report) {
            String[] parts = report.split("\\|", 5);
            if (parts.length != 5) {
                throw new AssertionError("not a read report: " + report);
            }
            return new Piece(Integer.parseInt(parts[0]), Boolean.parseBoolean(parts[1]),
                    Boolean.parseBoolean(parts[2]), parts[4]);
        }
    }
}
