package io.omniretail.promotions.campaign;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.kit.rules.CelValues;
import io.omniretail.kit.rules.Rule;
import io.omniretail.kit.rules.RuleLanguage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Campaign targets: CEL over the profile and the time, the language of segment rules (ADR 0021), so a target reads
 * traits and segment membership ({@code 'vip' in profile.traits.segments}) exactly as a segment would. Compiled once
 * per expression and kept; a target that cannot be decided for a profile (a trait it lacks) does not hold for it.
 */
@ApplicationScoped
public class Targets {

    private static final Logger LOG = Logger.getLogger(Targets.class);

    private final Map<String, Rule> compiled = new ConcurrentHashMap<>();

    @Inject
    MeterRegistry meters;

    /** The compiled target; a {@link io.omniretail.kit.rules.RuleException} with the position when it does not compile. */
    public static Rule compile(String target) {
        return RuleLanguage.SEGMENTS.compile(target);
    }

    /** Whether the campaign targets the customer of this profile now; never an erased customer. */
    public boolean targets(Campaign campaign, CustomerProfile profile, Instant now) {
        if (campaign.target == null || profile.getErased()) {
            return false;
        }
        Rule rule = compiled.computeIfAbsent(campaign.target, Targets::compile);
        Rule.Result result = rule.evaluate(Map.of("profile", CelValues.of(profile), "now", now));
        if (result.outcome() == Rule.Outcome.ERROR) {
            meters.counter("omniretail.promotions.targets.undecided", "campaign", campaign.id).increment();
            LOG.debugf("campaign %s: target undecided for %s: %s", campaign.id, profile.getCustomerId(), result.error());
        }
        return result.holds();
    }
}
