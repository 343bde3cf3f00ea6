package io.omniretail.kit.persistence;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Readiness of the outbox: DOWN while the oldest unpublished row is older than {@code omniretail.outbox.max-age}
 * (no relay can publish: Kafka or the registry unreachable, or no instance holds the relay lock). Reports the
 * rows set aside in kit_outbox_failed as data, without failing readiness for them.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements AsyncHealthCheck {

    private static final String STATE = """
            SELECT (SELECT extract(epoch FROM now() - min(coalesce(not_before, created_at))) FROM kit_outbox
                    WHERE not_before IS NULL OR not_before <= now()),
                   (SELECT count(*) FROM kit_outbox_failed)""";

    @Inject
    OutboxRelay relay;
    @ConfigProperty(name = "omniretail.outbox.max-age", defaultValue = "PT1M")
    Duration maxAge;

    @Override
    public Uni<HealthCheckResponse> call() {
        return Panache.withSession(() -> OutboxEntry.getSession().chain(session -> session.createNativeQuery(STATE, Object[].class)
                .getSingleResult()))
                .map(row -> {
                    double oldestSeconds = row[0] == null ? 0 : ((Number) row[0]).doubleValue();
                    long failed = ((Number) row[1]).longValue();
                    boolean tooOld = oldestSeconds > maxAge.toSeconds();
                    return HealthCheckResponse.named("kit outbox").status(!tooOld)
                            .withData("oldestUnpublishedSeconds", Math.round(oldestSeconds))
                            .withData("setAside", failed)
                            .withData("relayLeader", relay.isLeader())
                            .withData("checkedAt", Instant.now().toString()).build();
                })
                .onFailure().recoverWithItem(error -> HealthCheckResponse.named("kit outbox").down()
                        .withData("error", error.toString()).build());
    }
}
