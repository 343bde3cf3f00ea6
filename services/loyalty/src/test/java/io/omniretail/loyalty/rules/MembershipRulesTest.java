package io.omniretail.loyalty.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.omniretail.loyalty.rules.MembershipRules.Line;

class MembershipRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);
    /** The plan of application.properties: MEMBERSHIP-PREMIUM at 3,300 JPY a year, points doubled. */
    private final MembershipRules rules = new MembershipRules(List.of(
            new MembershipRules.Plan("PREMIUM", "MEMBERSHIP-PREMIUM", new BigDecimal("3300"), YEAR, new BigDecimal("2"))));

    private static Line premium(int units, String price) {
        return new Line("MEMBERSHIP-PREMIUM", units, new BigDecimal(price));
    }

    @Test
    void aLineOfThePlansProductAtItsFeeBuysOneTermPerUnit() {
        assertThat(rules.bought(List.of(new Line("SHIRT", 1, new BigDecimal("5000")), premium(2, "3300"))))
                .hasValueSatisfying(bought -> {
                    assertThat(bought.plan().name()).isEqualTo("PREMIUM");
                    assertThat(bought.terms()).isEqualTo(2);
                });
        assertThat(rules.bought(List.of(new Line("SHIRT", 1, new BigDecimal("5000"))))).isEmpty();
    }

    @Test
    void theProductSoldBelowItsFeeBuysNothing() {
        assertThat(rules.bought(List.of(premium(1, "3299.99")))).isEmpty();
    }

    @Test
    void aTermBoughtWhileTheMembershipRunsExtendsItFromItsEndOtherwiseFromThePurchase() {
        Instant end = T0.plus(Duration.ofDays(100));
        assertThat(rules.extendsRunning(end, T0)).isTrue();
        assertThat(rules.endAfter(end, T0, YEAR, 1)).isEqualTo(end.plus(YEAR));
        assertThat(rules.extendsRunning(T0.minusSeconds(1), T0)).as("ended just before").isFalse();
        assertThat(rules.endAfter(T0.minusSeconds(1), T0, YEAR, 2)).isEqualTo(T0.plus(YEAR.multipliedBy(2)));
        assertThat(rules.endAfter(null, T0, YEAR, 1)).isEqualTo(T0.plus(YEAR));
    }

    @Test
    void theFeeEarnsNothingAndAnOrderOfOnlyFeesEarnsFromZero() {
        assertThat(rules.earnable(new BigDecimal("8300"), List.of(premium(1, "3300"), new Line("SHIRT", 1, new BigDecimal("5000")))))
                .isEqualByComparingTo("5000");
        assertThat(rules.earnable(new BigDecimal("3000"), List.of(premium(1, "3300")))).as("a discounted fee").isEqualByComparingTo("0");
    }

    @Test
    void thePlansMultiplierAppliesAndNoPlanMultipliesByOne() {
        assertThat(rules.multiplier("PREMIUM")).isEqualByComparingTo("2");
        assertThat(rules.multiplier(null)).isEqualByComparingTo("1");
        assertThat(rules.multiplier("RETIRED-PLAN")).isEqualByComparingTo("1");
    }
}
