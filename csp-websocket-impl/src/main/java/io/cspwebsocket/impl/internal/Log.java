package io.cspwebsocket.impl.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The library's one logger ({@code io.cspwebsocket}). Every line about a connection starts with
 * its WebSocket id, so operators can follow one socket through the log.
 */
public final class Log {

    private static final Logger LOGGER = System.getLogger("io.cspwebsocket");

    private Log() {
    }

    static void debug(String webSocketId, String message) {
        if (LOGGER.isLoggable(Level.DEBUG)) {
            emit(Level.DEBUG, prefix(webSocketId) + message, null);
        }
    }

    static void info(String webSocketId, String message) {
        emit(Level.INFO, prefix(webSocketId) + message, null);
    }

    static void warn(String webSocketId, String message) {
        emit(Level.WARNING, prefix(webSocketId) + message, null);
    }

    static void warn(String webSocketId, String message, Throwable cause) {
        emit(Level.WARNING, prefix(webSocketId) + message, cause);
    }

    /**
     * Logs an application-level message (deployment, shutdown) not tied to one socket.
     *
     * @param message the message
     */
    public static void info(String message) {
        emit(Level.INFO, message, null);
    }

    /**
     * Logs, and never throws: the library logs in the middle of a page's lifecycle (a handler's
     * exception is logged just before the socket is closed with 1011 and {@code onPostServer}
     * runs), so a logging handler that throws must not stop the close, {@code onPostServer} or
     * the page's thread. What it threw goes to standard error instead.
     */
    private static void emit(Level level, String message, Throwable cause) {
        try {
            if (cause == null) {
                LOGGER.log(level, message);
            } else {
                LOGGER.log(level, message, cause);
            }
        } catch (RuntimeException loggingFailed) {
            System.err.println("csp-websocket: logging failed (" + loggingFailed + ") for: " + message);
        }
    }

    private static String prefix(String webSocketId) {
        return webSocketId == null ? "" : "[WebSocketID " + webSocketId + "] ";
    }
}
