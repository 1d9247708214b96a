package io.cspwebsocket.spring.boot.tests.echo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** Counts page instances and records their life-cycle events, in order. */
@Component
public class PageCensus {

    private final AtomicInteger created = new AtomicInteger();
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** @return the new instance's number, from 1 */
    public int created() {
        return created.incrementAndGet();
    }

    /** @return how many instances were created */
    public int count() {
        return created.get();
    }

    /** @param event a life-cycle event */
    public void event(String event) {
        events.add(event);
    }

    /** @return the events so far */
    public List<String> events() {
        return List.copyOf(events);
    }
}
