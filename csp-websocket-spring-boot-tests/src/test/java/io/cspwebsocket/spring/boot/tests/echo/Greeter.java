package io.cspwebsocket.spring.boot.tests.echo;

import org.springframework.stereotype.Service;

/** A bean the echo page gets through its constructor. */
@Service
public class Greeter {

    /**
     * @param text what the client sent
     * @return the greeting
     */
    public String greet(String text) {
        return "Hello, " + text;
    }
}
