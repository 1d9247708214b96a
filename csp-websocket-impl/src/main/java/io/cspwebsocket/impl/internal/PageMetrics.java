package io.cspwebsocket.impl.internal;

import io.cspwebsocket.impl.CspWebSocketStatistics;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one page class: bumped once when a socket opens and once when it closes, never per message. */
final class PageMetrics implements CspWebSocketStatistics.Page {

    private final PageDescriptor page;
    private final LongAdder opened = new LongAdder();
    private final LongAdder openSynchronous = new LongAdder();
    private final LongAdder openShared = new LongAdder();

    PageMetrics(PageDescriptor page) {
        this.page = page;
    }

    /** @param shared the socket's mode, fixed once {@code onPreServer} has run */
    void opened(boolean shared) {
        opened.increment();
        (shared ? openShared : openSynchronous).increment();
    }

    /** @param shared the socket's mode, as when it opened */
    void closed(boolean shared) {
        (shared ? openShared : openSynchronous).decrement();
    }

    @Override
    public String name() {
        return page.cspName();
    }

    @Override
    public String className() {
        return page.pageClass().getName();
    }

    @Override
    public long opened() {
        return opened.sum();
    }

    @Override
    public long openSynchronous() {
        return openSynchronous.sum();
    }

    @Override
    public long openShared() {
        return openShared.sum();
    }
}
