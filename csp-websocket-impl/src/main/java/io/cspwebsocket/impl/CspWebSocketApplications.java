package io.cspwebsocket.impl;

import io.cspwebsocket.impl.internal.RunningApplications;
import java.util.List;

/**
 * The csp-websocket applications running in this class loader (a web application's, when the
 * library is in its {@code WEB-INF/lib}), for metrics and health checks that are not handed one
 * application by the code that started it.
 */
public final class CspWebSocketApplications {

    private CspWebSocketApplications() {
    }

    /** Told when an application starts and stops. Called on the thread that starts or stops it; must not block. */
    public interface Listener {

        /** @param application an application that is running (from now, or already when the listener was added) */
        void started(CspWebSocketStatistics application);

        /** @param application an application that stopped: its counters no longer change */
        void stopped(CspWebSocketStatistics application);
    }

    /** A listener's registration; {@link #close()} removes it. */
    public interface Subscription extends AutoCloseable {

        /** Removes the listener; idempotent. */
        @Override
        void close();
    }

    /** @return the applications running now, in the order they started */
    public static List<CspWebSocketStatistics> running() {
        return RunningApplications.running();
    }

    /**
     * Adds a listener; it is told at once of every application running now, then of each start and stop.
     *
     * @param listener the listener
     * @return its registration
     */
    public static Subscription subscribe(Listener listener) {
        return RunningApplications.subscribe(listener);
    }
}
