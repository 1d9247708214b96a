package io.cspwebsocket.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Captures the library's System.Logger output (which the JDK maps to java.util.logging) at
 * every level, and Tomcat's class-loader warnings (threads left running, leaks). Keeps only
 * strings, so nothing of the web application is held.
 */
final class LogCapture extends Handler implements AutoCloseable {

    /** How the library marks a line about a connection (Log.prefix). */
    private static final Pattern WITH_ID = Pattern.compile("\\[WebSocketID [A-Za-z0-9._~-]+\\] ");

    /**
     * Library lines that are about the application, not one connection: deployment, shutdown, the
     * MBean, cluster bindings, and handshakes refused before any page (and id) exists: for their
     * Origin, as invalid upgrades, or for reaching a page's internal endpoint path directly.
     */
    private static final Pattern APPLICATION_LINE = Pattern.compile(
            "csp-websocket: .*|cannot register the csp-websocket MBean.*|MBean .* already gone.*"
                    + "|cluster.*|broadcast to other nodes.*|refused handshake for .* from Origin .*"
                    + "|not a valid handshake for .*|refused a handshake for .* that did not come through the page's URL");

    private final List<Logger> loggers = new ArrayList<>(); // strong references: JUL forgets unreferenced loggers
    private final List<Level> previousLevels = new ArrayList<>();
    private final Queue<String> library = new ConcurrentLinkedQueue<>();
    private final Queue<String> tomcat = new ConcurrentLinkedQueue<>();

    LogCapture() {
        setLevel(Level.ALL);
        attach("io.cspwebsocket", Level.ALL);
        attach("org.apache.catalina.loader", null);
        attach("org.apache.catalina.core", null);
        attach("org.apache.tomcat.websocket", null);
    }

    private void attach(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        loggers.add(logger);
        previousLevels.add(logger.getLevel());
        if (level != null) {
            logger.setLevel(level);
        }
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        String line = record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                + (record.getThrown() == null ? "" : " | " + record.getThrown());
        if (record.getLoggerName() != null && record.getLoggerName().startsWith("io.cspwebsocket")) {
            library.add(line);
        } else if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            tomcat.add(line);
        }
    }

    /** @return library lines (any level) that are about a connection but do not carry its WebSocketID */
    List<String> libraryLinesWithoutId() {
        List<String> bad = new ArrayList<>();
        for (String line : library) {
            String message = line.substring(line.indexOf(": ") + 2);
            if (!WITH_ID.matcher(message).lookingAt() && !APPLICATION_LINE.matcher(message).matches()) {
                bad.add(line);
            }
        }
        return bad;
    }

    /** @return every library line */
    List<String> libraryLines() {
        return List.copyOf(library);
    }

    /** @return Tomcat warnings about threads left running or memory leaks by the web application */
    List<String> leakWarnings() {
        List<String> found = new ArrayList<>();
        for (String line : tomcat) {
            if (line.contains("failed to stop") || line.contains("memory leak") || line.contains("leak")
                    || line.contains("clearReferences")) {
                found.add(line);
            }
        }
        return found;
    }

    /** @return every Tomcat warning captured */
    List<String> tomcatWarnings() {
        return List.copyOf(tomcat);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(this);
            loggers.get(i).setLevel(previousLevels.get(i));
        }
    }
}
