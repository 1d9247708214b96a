package io.cspwebsocket.micrometer;

import io.cspwebsocket.impl.CspWebSocketApplications;
import io.cspwebsocket.impl.CspWebSocketStatistics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Keeps one registry's meters in step with the applications that start and stop. */
final class RegistryListener implements CspWebSocketApplications.Listener {

    private final MeterRegistry registry;
    private final Predicate<CspWebSocketStatistics> which;
    private final Iterable<Tag> tags;
    /** Guarded by itself; starts and stops arrive in order (the library tells them under one lock). */
    private final Map<CspWebSocketStatistics, ApplicationMeters> bound = new IdentityHashMap<>();

    RegistryListener(MeterRegistry registry, Predicate<CspWebSocketStatistics> which, Iterable<Tag> tags) {
        this.registry = registry;
        this.which = which;
        this.tags = tags;
    }

    @Override
    public void started(CspWebSocketStatistics application) {
        if (which.test(application)) {
            ApplicationMeters meters = ApplicationMeters.register(registry, application, tags);
            synchronized (bound) {
                bound.put(application, meters);
            }
        }
    }

    @Override
    public void stopped(CspWebSocketStatistics application) {
        ApplicationMeters meters;
        synchronized (bound) {
            meters = bound.remove(application);
        }
        if (meters != null) {
            meters.remove();
        }
    }
}
