package io.omniretail.loyalty.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The programme as configured in omniretail.loyalty.* (application.properties, overridable by environment). */
@ConfigMapping(prefix = "omniretail.loyalty")
public interface LoyaltyProgramConfig {

    /** Programme currency (ISO 4217): points and tier thresholds are counted in it. */
    String currency();

    Earn earn();

    /** Rolling window of spend that decides the tier. */
    @WithDefault("P365D")
    Duration tierWindow();

    /** Tiers by name, e.g. tiers.SILVER.min-rolling-spend=50000. */
    Map<String, TierConfig> tiers();

    Expiry expiry();

    /** Paid membership plans by name, e.g. memberships.PREMIUM.sku=MEMBERSHIP-PREMIUM. */
    Map<String, MembershipPlan> memberships();

    interface MembershipPlan {
        /** The product that buys one term. */
        String sku();

        /** The least a unit must cost to buy a term, in the programme currency. */
        BigDecimal fee();

        Duration term();

        /** Multiplies the points of purchases made while the membership runs, on top of the tier's. */
        BigDecimal pointsMultiplier();
    }

    Redemption redemption();

    /** When accounts are reviewed without activity (tiers as spend ages out of the window, lapsed points). */
    @WithDefault("0 30 3 * * ?")
    String reviewCron();

    interface Expiry {
        /** How long a credit of points stays valid (ISO-8601); unset: points never lapse. */
        Optional<Duration> validity();
    }

    interface Redemption {
        @WithDefault("100")
        long minimumPoints();

        /** Points are redeemed in multiples of this. */
        @WithDefault("100")
        long step();

        /** Value of one point in the programme currency. */
        @WithDefault("1")
        BigDecimal valuePerPoint();

        /** How long a redemption code holds its points before an order uses it; then they return. */
        @WithDefault("PT24H")
        Duration hold();

        /** How often codes whose hold ended are looked for (the scheduler reads it). */
        @WithDefault("5m")
        String releaseEvery();
    }

    interface Earn {
        /** Amount of the currency that earns the base points, e.g. 100 (JPY). */
        BigDecimal spendUnit();

        @WithDefault("1")
        long pointsPerUnit();
    }

    interface TierConfig {
        BigDecimal minRollingSpend();

        BigDecimal multiplier();
    }
}
