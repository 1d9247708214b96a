package io.cspwebsocket.tck.cdi;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application-scoped bean (its annotation makes it a bean in the {@code annotated} discovery
 * mode of the WAR's {@code beans.xml}): every page of the application is injected with the same
 * instance. Internal TCK use only.
 */
@ApplicationScoped
public class CdiGreeting {

    private static final AtomicInteger CREATED = new AtomicInteger();

    private int instance;

    /** Created by the CDI container. */
    public CdiGreeting() {
    }

    /** Numbers the instance: one per application. */
    @PostConstruct
    void numbered() {
        instance = CREATED.incrementAndGet();
    }

    /**
     * @param name who to greet
     * @return a greeting naming this bean instance
     */
    public String greet(String name) {
        return "hello " + name + " from bean #" + instance;
    }

    /** @return this instance's number (the same for every page of an application) */
    public int instance() {
        return instance;
    }
}
