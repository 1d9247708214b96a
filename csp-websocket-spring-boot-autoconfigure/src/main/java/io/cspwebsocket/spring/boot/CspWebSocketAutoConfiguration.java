package io.cspwebsocket.spring.boot;

import io.cspwebsocket.impl.CspServletContainerInitializer;
import java.util.List;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Serves the application's {@link io.cspwebsocket.CspClass} pages on Spring Boot's embedded
 * Tomcat: found in the {@code @SpringBootApplication}'s packages (or those of {@link CspPageScan}),
 * at their usual URLs, each connection's page created through the application context, settings
 * from {@link CspWebSocketProperties}. A reactive application, or a servlet one on a server other
 * than Tomcat, fails to start with an {@link UnsupportedServerException}.
 */
@AutoConfiguration
@ConditionalOnClass(CspServletContainerInitializer.class)
@EnableConfigurationProperties(CspWebSocketProperties.class)
public class CspWebSocketAutoConfiguration {

    /** Used by Spring. */
    public CspWebSocketAutoConfiguration() {
    }

    /** A servlet web application: Boot runs the initializer when its embedded server starts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(ServletContextInitializer.class)
    static class ServletPages {

        @Bean
        CspPagesInitializer cspPagesInitializer(ConfigurableListableBeanFactory beans, Environment environment,
                                                      ResourceLoader resourceLoader, CspWebSocketProperties properties) {
            List<String> packages = CspPagePackages.of(beans);
            CspPageScanner scanner = new CspPageScanner(environment, resourceLoader);
            return new CspPagesInitializer(() -> scanner.scan(packages), packages, properties.toInitParameters(),
                    new SpringPageFactory(beans));
        }

        @Bean
        CspPagesLifecycle cspPagesLifecycle(CspPagesInitializer cspPagesInitializer) {
            return new CspPagesLifecycle(cspPagesInitializer);
        }
    }

    /** A reactive application has no servlet container, so no page could ever be reached. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class ReactiveRefused {

        @Bean
        @Lazy(false)
        Object cspWebSocketReactiveRefusal() {
            throw new UnsupportedServerException("this is a reactive web application (WebFlux), without servlets");
        }
    }
}
