package io.cspwebsocket.spring.boot.tests.echo;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** An application with the echo page, found in its own package; nothing protected. */
@SpringBootApplication
public class EchoApplication {

    /**
     * Spring Security is on this test module's class path: open everything here.
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
