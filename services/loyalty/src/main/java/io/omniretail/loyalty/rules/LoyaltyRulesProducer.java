package io.omniretail.loyalty.rules;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the pure {@link LoyaltyRules} from configuration, once. */
@ApplicationScoped
public class LoyaltyRulesProducer {

    @Produces
    @Singleton
    LoyaltyRules loyaltyRules(LoyaltyProgramConfig config) {
        List<LoyaltyRules.Tier> tiers = config.tiers().entrySet().stream()
                .map(tier -> new LoyaltyRules.Tier(tier.getKey(), tier.getValue().minRollingSpend(), tier.getValue().multiplier()))
                .toList();
        return new LoyaltyRules(config.currency(), config.earn().spendUnit(), config.earn().pointsPerUnit(), tiers,
                config.tierWindow());
    }
}
