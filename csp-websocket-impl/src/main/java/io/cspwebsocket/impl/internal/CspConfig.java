package io.cspwebsocket.impl.internal;

import io.cspwebsocket.impl.CspInitParameters;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The parsed {@link CspInitParameters} of one application. Immutable.
 *
 * @param maxMessageSize largest client message in bytes
 * @param sendTimeout how long a write may take
 * @param inboxCapacity unread client data held per socket before back-pressure, in chars or bytes
 * @param outboxCapacity unsent data queued per socket, in chars or bytes
 * @param shutdownTimeout how long undeploy waits for pages to finish
 * @param allowedOrigins cross-site origins allowed for every page
 * @param trustForwardedHeaders whether X-Forwarded-Proto/Host count for the same-origin check
 * @param pingInterval silence after which a socket is pinged
 * @param idleTimeout silence after which a socket is closed with 1001
 */
public record CspConfig(long maxMessageSize, Duration sendTimeout, int inboxCapacity, long outboxCapacity,
                        Duration shutdownTimeout, List<String> allowedOrigins, boolean trustForwardedHeaders,
                        Duration pingInterval, Duration idleTimeout) {

    /** The defaults of SPEC §8.3. */
    public static final CspConfig DEFAULTS = new CspConfig(
            1L << 20, Duration.ofSeconds(30), 64 * 1024, 4L << 20, Duration.ofSeconds(10), List.of(), false,
            Duration.ofSeconds(30), Duration.ofSeconds(90));

    /**
     * Reads the parameters through a lookup such as {@code ServletContext::getInitParameter}.
     *
     * @param parameters returns a parameter's value, or {@code null} if it is not set
     * @return the configuration
     * @throws IllegalArgumentException naming the parameter if a value cannot be parsed
     */
    public static CspConfig from(UnaryOperator<String> parameters) {
        return new CspConfig(
                size(parameters, CspInitParameters.MAX_MESSAGE_SIZE, DEFAULTS.maxMessageSize),
                duration(parameters, CspInitParameters.SEND_TIMEOUT, DEFAULTS.sendTimeout),
                (int) Math.min(Integer.MAX_VALUE,
                        size(parameters, CspInitParameters.INBOX_CAPACITY, DEFAULTS.inboxCapacity)),
                size(parameters, CspInitParameters.OUTBOX_CAPACITY, DEFAULTS.outboxCapacity),
                duration(parameters, CspInitParameters.SHUTDOWN_TIMEOUT, DEFAULTS.shutdownTimeout),
                list(parameters, CspInitParameters.ALLOWED_ORIGINS),
                flag(parameters, CspInitParameters.TRUST_FORWARDED_HEADERS),
                duration(parameters, CspInitParameters.PING_INTERVAL, DEFAULTS.pingInterval),
                duration(parameters, CspInitParameters.IDLE_TIMEOUT, DEFAULTS.idleTimeout));
    }

    static List<String> list(UnaryOperator<String> parameters, String name) {
        String raw = parameters.apply(name);
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split("[,\\s]+")).filter(item -> !item.isEmpty()).toList();
    }

    static boolean flag(UnaryOperator<String> parameters, String name) {
        String raw = parameters.apply(name);
        if (raw == null || raw.isBlank()) {
            return false;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("context parameter " + name + "='" + raw + "' is not true or false");
        };
    }

    static long size(UnaryOperator<String> parameters, String name, long fallback) {
        String raw = parameters.apply(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String value = raw.trim();
        try {
            long multiplier = 1;
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.endsWith("kib")) {
                multiplier = 1024;
                value = value.substring(0, value.length() - 3).trim();
            } else if (lower.endsWith("mib")) {
                multiplier = 1024 * 1024;
                value = value.substring(0, value.length() - 3).trim();
            }
            long parsed = Long.parseLong(value) * multiplier;
            if (parsed < 1) {
                throw new NumberFormatException("not positive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "context parameter " + name + "='" + raw + "' is not a size (bytes, KiB or MiB)", e);
        }
    }

    static Duration duration(UnaryOperator<String> parameters, String name, Duration fallback) {
        String raw = parameters.apply(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        try {
            Duration parsed;
            if (value.startsWith("p")) {
                parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
            } else if (value.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
            } else if (value.endsWith("s")) {
                parsed = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1).trim()));
            } else if (value.endsWith("m")) {
                parsed = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1).trim()));
            } else {
                parsed = Duration.ofMillis(Long.parseLong(value));
            }
            if (parsed.isNegative() || parsed.isZero()) {
                throw new NumberFormatException("not positive");
            }
            return parsed;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("context parameter " + name + "='" + raw
                    + "' is not a duration (e.g. 30s, 500ms, 2m, PT30S or milliseconds)", e);
        }
    }
}
