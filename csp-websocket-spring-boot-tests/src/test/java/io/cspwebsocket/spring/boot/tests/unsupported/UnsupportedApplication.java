package io.cspwebsocket.spring.boot.tests.unsupported;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A page in an application that is started where the starter cannot serve it. */
@SpringBootApplication
public class UnsupportedApplication {

    /** Never served. */
    @CspClass("Spring.Unsupported")
    public static class UnsupportedPage extends CspWebSocket {
        @Override
        protected CspStatus server() {
            return endServer();
        }
    }

    /** @return the application, on a free port of the loopback interface */
    static SpringApplication application() {
        SpringApplication application = new SpringApplication(UnsupportedApplication.class);
        application.setDefaultProperties(Map.<String, Object>of("server.port", "0", "server.address", "127.0.0.1"));
        return application;
    }
}
