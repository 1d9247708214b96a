package io.cspwebsocket.tck.springboot;

import io.cspwebsocket.spring.boot.CspPageScan;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The Spring Boot application a TCK archive becomes: auto-configuration (the starter serves the
 * pages), the archive's pages found by the starter's {@link CspPageScan}, and its
 * {@code @WebServlet}, {@code @WebFilter} and {@code @WebListener} classes registered by
 * {@link AnnotatedWebComponents}, both in the package named by property {@value #PACKAGES} (set
 * by the container from the archive's {@code WEB-INF/classes}). No component scan: the fixtures
 * are not Spring beans, as a WAR's classes are not. Only API that Boot 3.5 and 4.0 share.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@CspPageScan(basePackages = "${" + TckBootApplication.PACKAGES + "}")
public class TckBootApplication {

    /** Property: the package of the archive's classes (sub-packages included). */
    public static final String PACKAGES = "csp.tck.packages";

    /** Created by Spring. */
    public TckBootApplication() {
    }

    /**
     * @param environment holds {@value #PACKAGES}
     * @param resourceLoader the application's class loader
     * @return the registration of the archive's servlets, filters and listeners
     */
    @Bean
    AnnotatedWebComponents annotatedWebComponents(Environment environment, ResourceLoader resourceLoader) {
        return new AnnotatedWebComponents(environment.getRequiredProperty(PACKAGES), resourceLoader);
    }
}
