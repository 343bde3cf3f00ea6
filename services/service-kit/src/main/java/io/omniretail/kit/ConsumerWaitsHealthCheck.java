package io.omniretail.kit;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Readiness DOWN while a consumed record has been retried longer than {@code omniretail.consumer.stuck-after}. */
@Readiness
@ApplicationScoped
public class ConsumerWaitsHealthCheck implements HealthCheck {

    @Inject
    ConsumerWaits waits;
    @ConfigProperty(name = "omniretail.consumer.stuck-after", defaultValue = "PT1M")
    Duration stuckAfter;

    @Override
    public HealthCheckResponse call() {
        Instant limit = Instant.now().minus(stuckAfter);
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kit consumers").up();
        waits.current().values().stream().filter(wait -> wait.since().isBefore(limit)).forEach(wait -> response.down()
                .withData(wait.record(), wait.consumer() + " retrying since " + wait.since() + " (" + wait.attempts()
                        + " attempts): " + wait.lastError()));
        return response.build();
    }
}
