package io.cspwebsocket.spring.boot.tests.secure;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** Pages under /csp/secure need the USER role, by HTTP basic or form login (session cookie). */
@SpringBootApplication
public class SecureApplication {

    /**
     * @param http Spring Security's builder
     * @return the chain
     * @throws Exception if it cannot be built
     */
    @Bean
    SecurityFilterChain secure(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/csp/secure/**").hasRole("USER")
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .formLogin(Customizer.withDefaults())
                .build();
    }

    /** @return alice (USER, AUDITOR) and guest (GUEST) */
    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("USER", "AUDITOR").build(),
                User.withUsername("guest").password("{noop}guest-pw").roles("GUEST").build());
    }
}
