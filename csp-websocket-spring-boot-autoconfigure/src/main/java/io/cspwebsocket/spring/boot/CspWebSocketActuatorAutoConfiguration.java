package io.cspwebsocket.spring.boot;

import io.cspwebsocket.micrometer.CspWebSocketMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observability of the pages where the application has it: Micrometer meters (Actuator brings
 * Micrometer and binds every {@code MeterBinder} bean, so they appear under
 * {@code /actuator/metrics} and in {@code /actuator/prometheus}), and a health indicator
 * ({@code cspWebSocket}) reporting the cluster binding's connection. Class names are given as
 * strings: each part is skipped, without loading anything, where its library is absent, and the
 * health indicator is the one of the running Boot version (its health API moved in 4.0).
 */
@AutoConfiguration(after = CspWebSocketAutoConfiguration.class)
@ConditionalOnBean(CspPagesInitializer.class)
public class CspWebSocketActuatorAutoConfiguration {

    /** Used by Spring. */
    public CspWebSocketActuatorAutoConfiguration() {
    }

    /** The meters, with Micrometer and csp-websocket-micrometer on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.binder.MeterBinder",
            "io.cspwebsocket.micrometer.CspWebSocketMetrics"})
    static class Meters {

        @Bean
        @ConditionalOnMissingBean(CspWebSocketMetrics.class)
        CspPagesMeterBinder cspWebSocketMeterBinder(CspPagesInitializer cspPagesInitializer) {
            return new CspPagesMeterBinder(cspPagesInitializer);
        }
    }

    /** The health indicator on Boot 4. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.csp-websocket", name = "enabled", matchIfMissing = true)
    static class HealthBoot4 {

        @Bean
        CspHealthIndicatorBoot4 cspWebSocketHealthIndicator(CspPagesInitializer cspPagesInitializer) {
            return new CspHealthIndicatorBoot4(new CspWebSocketHealth(cspPagesInitializer));
        }
    }

    /** The health indicator on Boot 3. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.csp-websocket", name = "enabled", matchIfMissing = true)
    static class HealthBoot3 {

        @Bean
        CspHealthIndicatorBoot3 cspWebSocketHealthIndicator(CspPagesInitializer cspPagesInitializer) {
            return new CspHealthIndicatorBoot3(new CspWebSocketHealth(cspPagesInitializer));
        }
    }
}
