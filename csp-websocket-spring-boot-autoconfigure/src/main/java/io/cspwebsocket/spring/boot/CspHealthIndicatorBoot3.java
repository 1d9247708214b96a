package io.cspwebsocket.spring.boot;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** {@link CspWebSocketHealth} as a Spring Boot 3 health indicator ({@code org.springframework.boot.actuate.health}). */
final class CspHealthIndicatorBoot3 implements HealthIndicator {

    private final CspWebSocketHealth health;

    /** @param health the check */
    CspHealthIndicatorBoot3(CspWebSocketHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        CspWebSocketHealth.Report report = health.check();
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
