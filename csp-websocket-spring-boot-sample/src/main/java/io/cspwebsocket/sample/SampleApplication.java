package io.cspwebsocket.sample;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The demo's pages on Spring Boot: {@code MyApp.MyWebSocketServer} ({@link EchoServer}) and
 * {@code MyApp.Chat} ({@link ChatServer}), found in this package by csp-websocket-spring-boot-starter
 * and served at {@code /csp/user/…cls}; the demo's browser pages at {@code /} and {@code /chat.html}.
 */
@SpringBootApplication
public class SampleApplication {

    /**
     * Starts the application (port 8080 unless {@code --server.port=…}).
     *
     * @param args Spring Boot's command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /** @return the clock the echo page tells the time with (a bean, so that a test could fix it) */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
