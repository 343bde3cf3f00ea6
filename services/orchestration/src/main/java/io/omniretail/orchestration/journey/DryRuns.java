package io.omniretail.orchestration.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.omniretail.events.catalog.ProductUpdated;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.orchestration.definition.EventStream;
import io.omniretail.orchestration.definition.JourneyDefinition;
import io.omniretail.orchestration.messaging.RecordedHistory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Dry runs (ADR 0023): a definition, draft or stored, over the recorded history of a time range, with no side effect.
 * Reads the customers' earlier instances of the journey in one short session, then replays the history on a worker
 * thread; it writes nothing, anywhere.
 */
@ApplicationScoped
public class DryRuns {

    @Inject
    JourneySemantics semantics;
    @Inject
    RecordedHistory history;
    @ConfigProperty(name = "omniretail.journeys.event-retention")
    Duration retention;

    /**
     * @param customers the customers to run it for; empty for everyone in the history
     */
    public Uni<DryRun.Report> run(JourneyDefinition definition, Instant from, Instant to, Set<String> customers, int samples) {
        Uni<List<JourneyInstance>> earlier = Panache.withSession(() -> customers.isEmpty()
                ? JourneyInstance.<JourneyInstance>list("journeyId = ?1 and enteredAt < ?2", definition.id(), from)
                : JourneyInstance.<JourneyInstance>list("journeyId = ?1 and enteredAt < ?2 and customerId in ?3", definition.id(), from, customers));
        return earlier.chain(instances -> Uni.createFrom().item(() -> {
            DryRun run = new DryRun(semantics, definition, from, to, samples, retention, instances);
            history.replay(from, to, customer -> customers.isEmpty() || customers.contains(customer), recorded -> recorded.stream().ifPresentOrElse(
                    stream -> {
                        if (stream == EventStream.PRODUCT) {
                            run.product((ProductUpdated) recorded.value(), recorded.at());
                        } else {
                            run.event(stream, recorded.value(), recorded.customerId(), recorded.at());
                        }
                    },
                    () -> run.profile(recorded.customerId(), (CustomerProfile) recorded.value(), recorded.at())));
            return run.finish();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }
}
