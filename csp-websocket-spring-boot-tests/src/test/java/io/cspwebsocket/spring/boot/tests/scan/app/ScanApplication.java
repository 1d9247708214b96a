package io.cspwebsocket.spring.boot.tests.scan.app;

import io.cspwebsocket.spring.boot.CspPageScan;
import io.cspwebsocket.spring.boot.tests.scan.pages.ScannedPage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Pages from the package that {@code @CspPageScan} names, instead of the application's own. */
@SpringBootApplication
@CspPageScan(basePackageClasses = ScannedPage.class)
public class ScanApplication {

    /**
     * @param http Spring Security's builder
     * @return a chain that lets everything through
     * @throws Exception if it cannot be built
     */
    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }
}
