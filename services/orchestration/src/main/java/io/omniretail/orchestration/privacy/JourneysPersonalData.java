package io.omniretail.orchestration.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.omniretail.kit.persistence.privacy.PersonalDataOwner;
import io.omniretail.orchestration.journey.JourneyFact;
import io.omniretail.orchestration.journey.JourneyInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Orchestration's part of erase and export (ADR 0019): the person's journey instances and the facts they gathered. */
@ApplicationScoped
public class JourneysPersonalData implements PersonalDataOwner {

    public record Export(List<JourneyInstance> journeys, List<JourneyFact> facts) {
    }

    @Override
    public Uni<Map<String, Long>> erase(List<String> customerIds) {
        Map<String, Long> rows = new LinkedHashMap<>();
        return JourneyFact.delete("customerId in ?1", customerIds).invoke(n -> rows.put("journey_fact", n))
                .chain(() -> JourneyInstance.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("journey_instance", n))
                .replaceWith(rows);
    }

    @Override
    public Uni<Object> export(List<String> customerIds) {
        return JourneyInstance.<JourneyInstance>list("customerId in ?1 order by createdAt", customerIds)
                .chain(journeys -> JourneyFact.<JourneyFact>list("customerId in ?1 order by recordedAt", customerIds)
                        .map(facts -> new Export(journeys, facts)));
    }
}
