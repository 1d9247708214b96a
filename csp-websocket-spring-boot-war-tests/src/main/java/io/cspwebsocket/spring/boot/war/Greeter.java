package io.cspwebsocket.spring.boot.war;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** A bean the page gets through its constructor: the greeting from the application's properties. */
@Service
public class Greeter {

    private final String greeting;
    private final AtomicInteger pagesCreated = new AtomicInteger();

    /** @param greeting {@code war.greeting} */
    public Greeter(@Value("${war.greeting}") String greeting) {
        this.greeting = greeting;
    }

    /**
     * @param name who is greeted
     * @return the greeting
     */
    public String greet(String name) {
        return greeting + ", " + name;
    }

    /** @return the number of this page instance, counted from 1 */
    int pageCreated() {
        return pagesCreated.incrementAndGet();
    }
}
