package io.cspwebsocket.micrometer;

import io.cspwebsocket.impl.CspWebSocketStatistics;
import io.cspwebsocket.impl.CspWebSocketStatistics.Page;
import io.cspwebsocket.impl.CspWebSocketStatistics.Refusal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one application in one registry: registered together, removed together when the
 * application stops, so that a redeployed application at the same context path gets meters of its
 * own instead of finding the old ones (a registry hands back an existing meter for the same name
 * and tags, which would keep reading the stopped application).
 */
final class ApplicationMeters {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private ApplicationMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param registry where to register
     * @param application the application
     * @param commonTags tags added to every meter
     * @return the registered meters
     */
    static ApplicationMeters register(MeterRegistry registry, CspWebSocketStatistics application,
                                     Iterable<Tag> commonTags) {
        ApplicationMeters meters = new ApplicationMeters(registry);
        Tags tags = Tags.of(commonTags).and(CspWebSocketMetrics.TAG_APPLICATION, application.application());
        for (Page page : application.pages()) {
            Tags pageTags = tags.and(CspWebSocketMetrics.TAG_PAGE, page.name());
            meters.gauge(page, Page::openSynchronous, pageTags.and(CspWebSocketMetrics.TAG_MODE, "synchronous"));
            meters.gauge(page, Page::openShared, pageTags.and(CspWebSocketMetrics.TAG_MODE, "shared"));
            meters.counter(CspWebSocketMetrics.SOCKETS_OPENED, "Sockets opened since deployment", null, page,
                    Page::opened, pageTags);
        }
        meters.counter(CspWebSocketMetrics.MESSAGES, "Complete messages received (in) and sent (out)", null,
                application, CspWebSocketStatistics::messagesIn, tags.and(CspWebSocketMetrics.TAG_DIRECTION, "in"));
        meters.counter(CspWebSocketMetrics.MESSAGES, "Complete messages received (in) and sent (out)", null,
                application, CspWebSocketStatistics::messagesOut, tags.and(CspWebSocketMetrics.TAG_DIRECTION, "out"));
        meters.counter(CspWebSocketMetrics.BYTES, "Message bytes received (in) and sent (out); text in UTF-8",
                BaseUnits.BYTES, application, CspWebSocketStatistics::bytesIn,
                tags.and(CspWebSocketMetrics.TAG_DIRECTION, "in"));
        meters.counter(CspWebSocketMetrics.BYTES, "Message bytes received (in) and sent (out); text in UTF-8",
                BaseUnits.BYTES, application, CspWebSocketStatistics::bytesOut,
                tags.and(CspWebSocketMetrics.TAG_DIRECTION, "out"));
        for (Refusal reason : Refusal.values()) {
            meters.counter(CspWebSocketMetrics.HANDSHAKES_REFUSED, "Handshakes refused, by reason", null, application,
                    stats -> stats.refusedHandshakes(reason), tags.and(CspWebSocketMetrics.TAG_REASON, reason.tag()));
        }
        meters.counter(CspWebSocketMetrics.SEND_TIMEOUTS,
                "Writes not completed within the send timeout (the socket was closed with 1011)", null, application,
                CspWebSocketStatistics::sendTimeouts, tags);
        meters.counter(CspWebSocketMetrics.CALLBACK_ERRORS, "Page callbacks that threw or returned an error status",
                null, application, CspWebSocketStatistics::callbackErrors, tags);
        return meters;
    }

    private void gauge(Page page, ToDoubleFunction<Page> value, Tags tags) {
        // Strong: the registry must not be the one to decide when a page's gauge disappears; remove() does.
        meters.add(Gauge.builder(CspWebSocketMetrics.SOCKETS_OPEN, page, value).strongReference(true).tags(tags)
                .description("Sockets open now").register(registry));
    }

    private <T> void counter(String name, String description, String baseUnit, T state, ToDoubleFunction<T> value,
                             Tags tags) {
        meters.add(FunctionCounter.builder(name, state, value).tags(tags).description(description).baseUnit(baseUnit)
                .register(registry));
    }

    /** Removes every meter registered here. */
    void remove() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
