package io.cspwebsocket.impl.internal;

import io.cspwebsocket.impl.CspWebSocketApplications;
import io.cspwebsocket.impl.CspWebSocketStatistics;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry behind {@link CspWebSocketApplications}. One lock orders starts, stops and
 * subscriptions, so a listener never sees a stop before its start, nor misses an application that
 * started while it subscribed. Touched only at deployment and undeploy, never per socket.
 */
public final class RunningApplications {

    private static final Object LOCK = new Object();
    private static final List<CspWebSocketStatistics> RUNNING = new ArrayList<>();
    private static final List<CspWebSocketApplications.Listener> LISTENERS = new ArrayList<>();

    private RunningApplications() {
    }

    /** @return the applications running now, in the order they started */
    public static List<CspWebSocketStatistics> running() {
        synchronized (LOCK) {
            return List.copyOf(RUNNING);
        }
    }

    /**
     * @param listener told of every running application at once, then of starts and stops
     * @return its registration
     */
    public static CspWebSocketApplications.Subscription subscribe(CspWebSocketApplications.Listener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        synchronized (LOCK) {
            LISTENERS.add(listener);
            for (CspWebSocketStatistics application : RUNNING) {
                tell(listener, application, true);
            }
        }
        return () -> {
            synchronized (LOCK) {
                LISTENERS.remove(listener);
            }
        };
    }

    static void started(CspWebSocketStatistics application) {
        synchronized (LOCK) {
            RUNNING.add(application);
            for (CspWebSocketApplications.Listener listener : LISTENERS) {
                tell(listener, application, true);
            }
        }
    }

    static void stopped(CspWebSocketStatistics application) {
        synchronized (LOCK) {
            if (!RUNNING.remove(application)) {
                return;
            }
            for (CspWebSocketApplications.Listener listener : LISTENERS) {
                tell(listener, application, false);
            }
        }
    }

    /** A failing listener (a metrics registry's) must not fail a deployment or an undeploy. */
    private static void tell(CspWebSocketApplications.Listener listener, CspWebSocketStatistics application,
                             boolean started) {
        try {
            if (started) {
                listener.started(application);
            } else {
                listener.stopped(application);
            }
        } catch (RuntimeException e) {
            Log.warn(null, "an application listener failed on " + (started ? "start" : "stop") + " of "
                    + application.application(), e);
        }
    }
}
