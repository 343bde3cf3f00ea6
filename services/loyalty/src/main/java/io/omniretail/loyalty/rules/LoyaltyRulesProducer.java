package io.omniretail.loyalty.rules;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the pure rule classes from configuration, once. */
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

    @Produces
    @Singleton
    MembershipRules membershipRules(LoyaltyProgramConfig config) {
        return new MembershipRules(config.memberships().entrySet().stream()
                .map(plan -> new MembershipRules.Plan(plan.getKey(), plan.getValue().sku(), plan.getValue().fee(),
                        plan.getValue().term(), plan.getValue().pointsMultiplier()))
                .toList());
    }

    @Produces
    @Singleton
    PointsExpiry pointsExpiry(LoyaltyProgramConfig config) {
        return new PointsExpiry(config.expiry().validity());
    }

    @Produces
    @Singleton
    RedemptionRules redemptionRules(LoyaltyProgramConfig config) {
        LoyaltyProgramConfig.Redemption redemption = config.redemption();
        return new RedemptionRules(redemption.minimumPoints(), redemption.step(), redemption.valuePerPoint(), redemption.hold());
    }
}
