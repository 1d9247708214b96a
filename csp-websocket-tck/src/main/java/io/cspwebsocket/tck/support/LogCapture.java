package io.cspwebsocket.tck.support;

import io.cspwebsocket.tck.pages.JvmBoard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures the {@code java.util.logging} records of this JVM (where {@code System.Logger}
 * output ends by default), for checks on what the library logs. Only meaningful when the
 * container runs in the test's JVM (an embedded server): see {@link #serverInThisJvm}.
 * Internal TCK use only.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() < Level.INFO.intValue()) {
                return;
            }
            StringBuilder line = new StringBuilder(record.getLevel().getName()).append(' ')
                    .append(String.valueOf(record.getLoggerName())).append(' ')
                    .append(formatter.formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts capturing. */
    public LogCapture() {
        root.addHandler(handler);
    }

    /**
     * Whether the server behind the probe runs in this JVM: a marker put on the JVM-wide board
     * here is visible to the server's probe.
     *
     * @param probe the deployment's probe
     * @return {@code true} for an embedded server
     */
    public static boolean serverInThisJvm(TckProbe probe) {
        String marker = UUID.randomUUID().toString();
        JvmBoard.put("tck.jvmMarker", marker);
        return marker.equals(probe.jvm("tck.jvmMarker"));
    }

    /**
     * @param text a text, e.g. a WebSocketID
     * @return the captured records (level, logger, message, stack trace) at WARNING or above
     *         that mention it
     */
    public List<String> problemsMentioning(String text) {
        return lines.stream()
                .filter(l -> l.startsWith("WARNING") || l.startsWith("SEVERE"))
                .filter(l -> l.contains(text))
                .toList();
    }

    /**
     * @param text a text
     * @return the captured records at INFO or above that mention it
     */
    public List<String> mentioning(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    /** Stops capturing. */
    @Override
    public void close() {
        root.removeHandler(handler);
    }
}
