package io.cspwebsocket.spring.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@link CspWebSocketHealth} as a Spring Boot 4 health indicator ({@code org.springframework.boot.health.contributor}). */
final class CspHealthIndicatorBoot4 implements HealthIndicator {

    private final CspWebSocketHealth health;

    /** @param health the check */
    CspHealthIndicatorBoot4(CspWebSocketHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        CspWebSocketHealth.Report report = health.check();
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
