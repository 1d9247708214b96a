package io.cspwebsocket.spring.boot.war;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;

/**
 * A Spring Boot application deployable as a WAR, as Boot's documentation lays one out: the
 * external Tomcat starts it through {@link SpringBootServletInitializer}, and the starter's
 * auto-configuration serves its pages there.
 */
@SpringBootApplication
public class WarApplication extends SpringBootServletInitializer {

    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
        return builder.sources(WarApplication.class);
    }

    /**
     * Also runnable on its own, with the embedded Tomcat of {@code spring-boot-starter-tomcat}.
     *
     * @param args Spring Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(WarApplication.class, args);
    }
}
