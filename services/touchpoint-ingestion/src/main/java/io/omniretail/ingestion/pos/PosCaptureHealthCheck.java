package io.omniretail.ingestion.pos;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Readiness DOWN while a POS transaction has waited for its rows or its END record longer than
 * {@code omniretail.pos.max-pending}: Debezium or the broker is stuck, or the transaction's records are split.
 */
@Readiness
@ApplicationScoped
public class PosCaptureHealthCheck implements HealthCheck {

    @Inject
    PosChangeConsumer capture;
    @ConfigProperty(name = "omniretail.pos.max-pending", defaultValue = "PT1M")
    Duration maxPending;

    @Override
    public HealthCheckResponse call() {
        Duration oldest = capture.oldestPendingTransaction();
        return HealthCheckResponse.named("pos capture").status(oldest.compareTo(maxPending) <= 0)
                .withData("oldestPendingTransactionSeconds", oldest.toSeconds()).build();
    }
}
