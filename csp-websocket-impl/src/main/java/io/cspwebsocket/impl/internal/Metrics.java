package io.cspwebsocket.impl.internal;

import io.cspwebsocket.impl.CspWebSocketStatistics.Refusal;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link io.cspwebsocket.impl.CspWebSocketsMXBean} and
 * {@link io.cspwebsocket.impl.CspWebSocketStatistics}: cheap to bump from any thread, nothing
 * allocated per message.
 */
final class Metrics {
    final LongAdder opened = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder sendTimeouts = new LongAdder();
    final LongAdder callbackErrors = new LongAdder();
    private final LongAdder[] refused = new LongAdder[Refusal.values().length];
    /** By identity: the descriptors are the deployment's own, and a record's hashCode would walk its lists. */
    private final Map<PageDescriptor, PageMetrics> pages = new IdentityHashMap<>();
    private final List<PageMetrics> pageList;

    /** @param pages the application's pages, fixed at deployment */
    Metrics(Collection<PageDescriptor> pages) {
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
        for (PageDescriptor page : pages) {
            this.pages.put(page, new PageMetrics(page));
        }
        this.pageList = pages.stream().map(this.pages::get).toList();
    }

    /** @param reason why a handshake was refused */
    void refused(Refusal reason) {
        refused[reason.ordinal()].increment();
    }

    /**
     * @param reason a reason
     * @return handshakes refused for it
     */
    long refusedHandshakes(Refusal reason) {
        return refused[reason.ordinal()].sum();
    }

    /**
     * @return the refusals the MBean has always counted as {@code RefusedHandshakes}: the 403s of the
     *         Origin policy, of {@code onPreServer}, and of handshakes that bypassed the page's URL
     */
    long refusedWith403() {
        return refusedHandshakes(Refusal.ORIGIN) + refusedHandshakes(Refusal.ON_PRE_SERVER)
                + refusedHandshakes(Refusal.BYPASS);
    }

    /**
     * A socket of a page opened.
     *
     * @param page one of the application's pages
     * @param shared its mode, fixed once {@code onPreServer} has run
     */
    void opened(PageDescriptor page, boolean shared) {
        PageMetrics counters = pages.get(page);
        if (counters != null) { // always, for the deployment's own descriptors: a count must never fail a socket
            counters.opened(shared);
        }
    }

    /**
     * A socket of a page closed.
     *
     * @param page one of the application's pages
     * @param shared its mode, as when it opened
     */
    void closed(PageDescriptor page, boolean shared) {
        PageMetrics counters = pages.get(page);
        if (counters != null) {
            counters.closed(shared);
        }
    }

    /** @return every page's counters, in the deployment's order */
    List<PageMetrics> pages() {
        return pageList;
    }
}
