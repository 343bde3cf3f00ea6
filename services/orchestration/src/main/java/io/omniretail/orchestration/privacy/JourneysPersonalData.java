package io.omniretail.orchestration.privacy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.omniretail.kit.persistence.privacy.PersonalDataOwner;
import io.omniretail.orchestration.journey.JourneyEngine;
import io.omniretail.orchestration.journey.JourneyInstance;
import io.omniretail.orchestration.journey.RecentEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Orchestration's part of erase and export (ADR 0019): the person's journey instances (with the events they kept and
 * the steps they took, deleted with them), their recent events kept for waits and the profile journeys read.
 */
@ApplicationScoped
public class JourneysPersonalData implements PersonalDataOwner {

    public record Journey(String instanceId, String journeyId, int version, String state, String step, Instant enteredAt,
            Instant endedAt, Instant convertedAt) {
    }

    public record Export(List<Journey> journeys, long recentEvents) {
    }

    @Inject
    JourneyEngine engine;

    @Override
    public Uni<Map<String, Long>> erase(List<String> customerIds) {
        Map<String, Long> rows = new LinkedHashMap<>();
        return RecentEvent.delete("customerId in ?1", customerIds).invoke(n -> rows.put("journey_event", n))
                .chain(() -> engine.forget(customerIds)).invoke(n -> rows.put("journey_customer", n))
                .chain(() -> JourneyInstance.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("journey_instance", n))
                .replaceWith(rows);
    }

    @Override
    public Uni<Object> export(List<String> customerIds) {
        return JourneyInstance.<JourneyInstance>list("customerId in ?1 order by enteredAt", customerIds)
                .chain(instances -> RecentEvent.count("customerId in ?1", customerIds).map(recent -> new Export(instances.stream()
                        .map(i -> new Journey(i.instanceId, i.journeyId, i.journeyVersion, i.state.name(), i.stepId, i.enteredAt,
                                i.endedAt, i.convertedAt)).toList(), recent)));
    }
}
