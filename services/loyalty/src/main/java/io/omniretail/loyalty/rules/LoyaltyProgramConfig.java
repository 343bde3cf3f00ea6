package io.omniretail.loyalty.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

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
