package io.cspwebsocket.spring.boot.war;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The same greeting over plain HTTP: the test's sign that the Spring application has started. */
@RestController
public class GreetingController {

    private final Greeter greeter;

    /** @param greeter the greeting bean */
    public GreetingController(Greeter greeter) {
        this.greeter = greeter;
    }

    /**
     * @param name who is greeted
     * @return the greeting
     */
    // The parameter name is spelled out: this build does not compile with -parameters.
    @GetMapping("/greeting")
    public String greeting(@RequestParam("name") String name) {
        return greeter.greet(name);
    }
}
