package io.cspwebsocket.spring.boot;

import io.cspwebsocket.micrometer.CspWebSocketMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the meters of this application context's pages only. Other contexts in the same JVM (a test
 * suite's cached ones) have applications at the same context path: binding every running
 * application would give two meters one name and one set of tags. The application is looked up
 * when Boot binds, after the embedded Tomcat has started the pages.
 */
final class CspPagesMeterBinder implements MeterBinder, AutoCloseable {

    private final CspPagesInitializer pages;
    private final List<CspWebSocketMetrics> bound = new ArrayList<>();

    /** @param pages the initializer that starts the pages */
    CspPagesMeterBinder(CspPagesInitializer pages) {
        this.pages = pages;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        pages.statistics().ifPresent(application -> {
            CspWebSocketMetrics metrics = new CspWebSocketMetrics(application, Tags.empty());
            metrics.bindTo(registry);
            synchronized (bound) {
                bound.add(metrics);
            }
        });
    }

    /** Stops following the application; Spring calls it when the context closes. */
    @Override
    public void close() {
        synchronized (bound) {
            bound.forEach(CspWebSocketMetrics::close);
            bound.clear();
        }
    }
}
