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
            LOGGER.log(Level.DEBUG, prefix(webSocketId) + message);
        }
    }

    static void info(String webSocketId, String message) {
        LOGGER.log(Level.INFO, prefix(webSocketId) + message);
    }

    static void warn(String webSocketId, String message) {
        LOGGER.log(Level.WARNING, prefix(webSocketId) + message);
    }

    static void warn(String webSocketId, String message, Throwable cause) {
        LOGGER.log(Level.WARNING, prefix(webSocketId) + message, cause);
    }

    /**
     * Logs an application-level message (deployment, shutdown) not tied to one socket.
     *
     * @param message the message
     */
    public static void info(String message) {
        LOGGER.log(Level.INFO, message);
    }

    private static String prefix(String webSocketId) {
        return webSocketId == null ? "" : "[WebSocketID " + webSocketId + "] ";
    }
}
