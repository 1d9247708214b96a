package io.cspwebsocket.tck.pages;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Keeps every {@code java.util.logging} record at INFO or above, formatted as the TCK's checks
 * read it. Without servlet types, so that a capture in the test's own JVM (an embedded server, or
 * the in-memory runtime, which has no servlet API) can use it; {@link LogServlet} uses it in the
 * server's JVM. Internal TCK use only.
 */
public final class LogRecorder extends Handler {

    /** Separates records in {@link LogServlet}'s answer (ASCII record separator). */
    public static final char SEPARATOR = '\u001e';

    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Not yet attached to any logger. */
    public LogRecorder() {
    }

    /**
     * One record as the TCK's checks read it: level, logger name, formatted message and, if any,
     * the stack trace.
     *
     * @param record the record
     * @return the text
     */
    public static String format(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLevel().getName()).append(' ')
                .append(String.valueOf(record.getLoggerName())).append(' ')
                .append(new SimpleFormatter().formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        return line.toString();
    }

    /** @return the records so far */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.INFO.intValue()) {
            lines.add(format(record));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
