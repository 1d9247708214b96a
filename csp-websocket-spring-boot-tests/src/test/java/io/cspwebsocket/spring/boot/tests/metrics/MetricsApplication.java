package io.cspwebsocket.spring.boot.tests.metrics;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** An application with a synchronous and a shared page, and Actuator; nothing protected. */
@SpringBootApplication
public class MetricsApplication {

    /**
     * Spring Security is on this test module's class path: open everything here, the actuator too.
     *
     * @param http Spring Security's builder
     * @return the chain
     * @throws Exception if it cannot be built
     */
    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }
}
