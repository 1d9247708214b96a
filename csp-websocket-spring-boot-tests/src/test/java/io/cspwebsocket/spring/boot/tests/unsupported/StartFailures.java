package io.cspwebsocket.spring.boot.tests.unsupported;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cspwebsocket.spring.boot.UnsupportedServerException;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/** Starts an application that must fail, and finds why. */
final class StartFailures {

    private StartFailures() {
    }

    /**
     * @param application an application the starter cannot serve
     * @return the {@link UnsupportedServerException} somewhere in its start-up failure
     */
    static UnsupportedServerException unsupportedServer(SpringApplication application) {
        Throwable failure = assertThrows(Throwable.class, application::run);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedServerException unsupported) {
                return unsupported;
            }
        }
        throw new AssertionError("no UnsupportedServerException in " + failure, failure);
    }

    /**
     * @param factoryClassNames the names of Boot's server factory class for that server, one per Boot
     *        version (packages moved in Boot 4.0); the first one found is used
     * @return the {@link UnsupportedServerException} of a servlet application on that server, started
     *         with the server's factory as its own bean, which replaces Boot's default (Tomcat)
     */
    static UnsupportedServerException onServer(List<String> factoryClassNames) {
        SpringApplication application = UnsupportedApplication.application();
        application.setWebApplicationType(WebApplicationType.SERVLET);
        Class<?> factory = firstClass(factoryClassNames);
        application.addInitializers((ApplicationContextInitializer<GenericApplicationContext>)
                context -> context.registerBean("server", factory));
        return unsupportedServer(application);
    }

    private static Class<?> firstClass(List<String> names) {
        for (String name : names) {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                // another Boot version's name
            }
        }
        throw new AssertionError("none of " + names + " is on the class path");
    }
}
