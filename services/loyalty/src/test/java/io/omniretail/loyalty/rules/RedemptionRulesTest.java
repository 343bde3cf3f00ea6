package io.omniretail.loyalty.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class RedemptionRulesTest {

    /** The programme of application.properties: 1 point = 1 JPY, from 100 points in steps of 100, held 24 h. */
    private final RedemptionRules rules = new RedemptionRules(100, 100, BigDecimal.ONE, Duration.ofHours(24));

    @Test
    void fewerPointsThanTheMinimumAreRefused() {
        assertThat(rules.invalidAmount(99)).get().asString().contains("at least 100");
        assertThat(rules.invalidAmount(0)).isPresent();
        assertThat(rules.invalidAmount(-100)).isPresent();
    }

    @Test
    void pointsAreRedeemedInWholeSteps() {
        assertThat(rules.invalidAmount(150)).get().asString().contains("steps of 100");
        assertThat(rules.invalidAmount(100)).isEmpty();
        assertThat(rules.invalidAmount(2_000)).isEmpty();
    }

    @Test
    void aBalanceCoversAtMostItself() {
        assertThat(rules.covers(500, 500)).isTrue();
        assertThat(rules.covers(499, 500)).isFalse();
        assertThat(rules.covers(-100, 100)).as("a balance below 0 after a refund covers nothing").isFalse();
    }

    @Test
    void theDiscountIsThePointsTimesTheirValueExactly() {
        RedemptionRules halfYen = new RedemptionRules(100, 100, new BigDecimal("0.5"), Duration.ofHours(1));
        assertThat(rules.discount(300)).isEqualByComparingTo("300");
        assertThat(halfYen.discount(300)).isEqualByComparingTo("150.0");
    }

    @Test
    void aProgrammeNeedsPositiveFigures() {
        assertThatThrownBy(() -> new RedemptionRules(0, 100, BigDecimal.ONE, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedemptionRules(100, 100, BigDecimal.ZERO, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedemptionRules(100, 100, BigDecimal.ONE, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
