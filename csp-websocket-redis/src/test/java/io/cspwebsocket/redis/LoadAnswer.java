package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a node's {@code load} operation answered ({@code node.LoadRun}): its summary line and the
 * writes that returned OK.
 *
 * @param summary the first line
 * @param acknowledged the messages whose write returned OK
 */
record LoadAnswer(String summary, List<String> acknowledged) {

    static LoadAnswer parse(String answer) {
        String[] lines = answer.split("\n");
        List<String> acknowledged = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                acknowledged.add(lines[i]);
            }
        }
        return new LoadAnswer(lines[0], acknowledged);
    }

    /** @return the slowest call's milliseconds */
    long maxMillis() {
        for (String part : summary.split(" ")) {
            if (part.startsWith("max=")) {
                return Long.parseLong(part.substring(4));
            }
        }
        throw new AssertionError("no max in " + summary);
    }

    /**
     * @param boundMillis no call may take longer
     * @param allowed the status codes README documents for this fault
     */
    void assertBounded(long boundMillis, Set<Integer> allowed) {
        assertTrue(maxMillis() <= boundMillis, "a call took " + maxMillis() + " ms (bound " + boundMillis + "): " + summary);
        String statuses = summary.substring(summary.indexOf("statuses=") + "statuses=".length());
        for (String kind : statuses.split(";")) {
            int colon = kind.indexOf(':');
            int code = Integer.parseInt(kind.substring(0, colon > 0 ? colon : kind.indexOf('=')));
            assertTrue(allowed.contains(code), "status " + kind + " outside " + allowed + ": " + summary);
        }
    }
}
