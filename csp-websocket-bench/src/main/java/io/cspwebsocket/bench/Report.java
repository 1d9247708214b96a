package io.cspwebsocket.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's results: the table rows, per-run details, notes, and the tally of messages. */
final class Report {

    /** How a row compares CSP with raw, and how its target reads. */
    enum Compare {
        /** CSP / raw, target: at least {@code target}. */
        RATIO_AT_LEAST,
        /** CSP / raw, target: at most {@code target}. */
        RATIO_AT_MOST,
        /** CSP / raw, no target. */
        RATIO,
        /** CSP - raw, target: at most {@code target}. */
        DIFF_AT_MOST,
        /** CSP - raw, no target. */
        DIFF
    }

    /**
     * One line of the table: medians over the runs.
     *
     * @param scenario e.g. {@code echo-sync}
     * @param server e.g. {@code 25 vt}
     * @param metric what is measured, with its unit
     * @param decimals decimals to print
     * @param raw the raw endpoint's figure
     * @param variant which CSP variant ({@code csp}, {@code csp-broadcast}...)
     * @param csp the CSP variant's figure
     * @param compare how to compare
     * @param target the target, when {@code compare} has one
     */
    record Row(String scenario, String server, String metric, int decimals, double raw, String variant, double csp,
               Compare compare, double target) {

        double comparison() {
            return switch (compare) {
                case DIFF, DIFF_AT_MOST -> csp - raw;
                default -> raw == 0 ? Double.NaN : csp / raw;
            };
        }

        /** @return whether the target is met; {@code null} if the row has none */
        Boolean met() {
            double c = comparison();
            return switch (compare) {
                case RATIO_AT_LEAST -> c >= target;
                case RATIO_AT_MOST, DIFF_AT_MOST -> c <= target;
                default -> null;
            };
        }

        String comparisonText() {
            double c = comparison();
            return switch (compare) {
                case DIFF, DIFF_AT_MOST -> (c >= 0 ? "+" : "") + number(c, decimals);
                default -> String.format(Locale.ROOT, "%.2fx", c);
            };
        }

        String targetText() {
            return switch (compare) {
                case RATIO_AT_LEAST -> String.format(Locale.ROOT, ">= %.2fx", target);
                case RATIO_AT_MOST -> String.format(Locale.ROOT, "<= %.2fx", target);
                case DIFF_AT_MOST -> "<= +" + number(target, decimals);
                default -> "";
            };
        }
    }

    final List<String> header = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();
    final List<String> details = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> scenariosRun = new ArrayList<>();
    final Tally tally = new Tally();
    long handshakes;
    long extensionOffers;
    long extensionsNegotiated;
    long serverErrors;
    double seconds;

    void add(Row row) {
        rows.add(row);
    }

    /** @return the whole report as Markdown-friendly text */
    String render() {
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append(line).append('\n'));
        out.append('\n');
        out.append("| Scenario | Server JDK | Metric (median of runs) | raw JSR 356 | CSP | CSP vs raw | Target | Met |\n");
        out.append("|---|---|---|---:|---:|---:|---|---|\n");
        for (Row row : rows) {
            Boolean met = row.met();
            out.append("| ").append(row.scenario()).append(" | ").append(row.server()).append(" | ")
                    .append(row.metric()).append(" | ").append(number(row.raw(), row.decimals())).append(" | ")
                    .append(number(row.csp(), row.decimals()))
                    .append(row.variant().equals("csp") ? "" : " (" + row.variant() + ")").append(" | ")
                    .append(row.comparisonText()).append(" | ").append(row.targetText()).append(" | ")
                    .append(met == null ? "" : met ? "yes" : "**NO**").append(" |\n");
        }
        out.append('\n');
        out.append("Checks: scenarios run: ").append(scenariosRun).append("; messages expected ")
                .append(tally.messagesExpected).append(", received ").append(tally.messagesReceived)
                .append(", lost ").append(tally.lost()).append(", corrupt/duplicate/stray ").append(tally.corrupt)
                .append("; failed connections ").append(tally.connectFailures).append("; sockets closed unasked ")
                .append(tally.unexpectedCloses).append("; server-side errors ").append(serverErrors).append('\n');
        out.append("permessage-deflate: NOT offered. The load client is the JDK's java.net.http.WebSocket, which "
                + "sends no Sec-WebSocket-Extensions header; the servers counted ").append(extensionOffers)
                .append(" extension offers and ").append(extensionsNegotiated).append(" negotiated extensions in ")
                .append(handshakes).append(" handshakes.\n");
        out.append(String.format(Locale.ROOT, "Run time: %.0f s%n", seconds));
        if (!notes.isEmpty()) {
            out.append("\nNotes:\n");
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        if (!tally.problems.isEmpty()) {
            out.append("\nPROBLEMS:\n");
            tally.problems.forEach(problem -> out.append("- ").append(problem).append('\n'));
        }
        if (!details.isEmpty()) {
            out.append("\nPer-run figures:\n");
            details.forEach(line -> out.append("    ").append(line).append('\n'));
        }
        return out.toString();
    }

    /**
     * Prints the report.
     *
     * @param out where
     */
    void print(PrintStream out) {
        out.print(render());
        out.flush();
    }

    static String number(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /**
     * @param values figures of the runs
     * @return their median (mean of the two middle ones for an even count); NaN if none
     */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> v != null && !Double.isNaN(v)).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
