package io.omniretail.loyalty.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LoyaltyRulesTest {

    /** The programme of application.properties: 1 point per 100 JPY; SILVER from 50,000, GOLD from 150,000. */
    private final LoyaltyRules rules = new LoyaltyRules("JPY", new BigDecimal("100"), 1, List.of(
            new LoyaltyRules.Tier("GOLD", new BigDecimal("150000"), new BigDecimal("1.5")),
            new LoyaltyRules.Tier("BASE", BigDecimal.ZERO, new BigDecimal("1.0")),
            new LoyaltyRules.Tier("SILVER", new BigDecimal("50000"), new BigDecimal("1.25"))),
            Duration.ofDays(365));

    private static BigDecimal yen(String amount) {
        return new BigDecimal(amount).setScale(4);
    }

    @Nested
    class PointsForAPurchase {

        @Test
        void basePointsAreOnePerFullHundredYenRoundedDown() {
            assertThat(rules.pointsForPurchase(yen("5480"), "BASE")).isEqualTo(54);
            assertThat(rules.pointsForPurchase(yen("100"), "BASE")).isEqualTo(1);
            assertThat(rules.pointsForPurchase(yen("99.9999"), "BASE")).isZero();
            assertThat(rules.pointsForPurchase(yen("0"), "BASE")).isZero();
        }

        @Test
        void theTierMultipliesTheBasePointsAndTheResultIsRoundedDown() {
            assertThat(rules.pointsForPurchase(yen("5480"), "SILVER")).as("54 * 1.25 = 67.5").isEqualTo(67);
            assertThat(rules.pointsForPurchase(yen("5480"), "GOLD")).as("54 * 1.5").isEqualTo(81);
            assertThat(rules.pointsForPurchase(yen("100"), "SILVER")).as("1 * 1.25").isEqualTo(1);
        }

        @Test
        void multipliersAreExactDecimalsNotDoubles() {
            LoyaltyRules oddMultiplier = new LoyaltyRules("JPY", new BigDecimal("100"), 1,
                    List.of(new LoyaltyRules.Tier("BASE", BigDecimal.ZERO, new BigDecimal("1.15"))), Duration.ofDays(365));
            // 100 * 1.15 is 114.99999999999999 in double arithmetic
            assertThat(oddMultiplier.pointsForPurchase(yen("10000"), "BASE")).isEqualTo(115);
        }

        @Test
        void pointsPerUnitScaleTheBasePoints() {
            LoyaltyRules generous = new LoyaltyRules("USD", BigDecimal.ONE, 2,
                    List.of(new LoyaltyRules.Tier("BASE", BigDecimal.ZERO, BigDecimal.ONE)), Duration.ofDays(365));
            assertThat(generous.pointsForPurchase(new BigDecimal("12.9900"), "BASE")).isEqualTo(24);
        }

        @Test
        void aTierNoLongerConfiguredEarnsLikeTheEntryTier() {
            assertThat(rules.multiplier("PLATINUM")).isEqualByComparingTo("1.0");
            assertThat(rules.pointsForPurchase(yen("5480"), "PLATINUM")).isEqualTo(54);
        }

        @Test
        void aNegativeTotalIsRefused() {
            assertThatThrownBy(() -> rules.pointsForPurchase(yen("-1"), "BASE")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class TierThresholds {

        @Test
        void theTierIsTheHighestWhoseThresholdTheRollingSpendReaches() {
            assertThat(rules.tierFor(yen("0"))).isEqualTo("BASE");
            assertThat(rules.tierFor(yen("49999.9999"))).isEqualTo("BASE");
            assertThat(rules.tierFor(yen("50000"))).isEqualTo("SILVER");
            assertThat(rules.tierFor(yen("149999"))).isEqualTo("SILVER");
            assertThat(rules.tierFor(yen("150000"))).isEqualTo("GOLD");
            assertThat(rules.tierFor(yen("9000000"))).isEqualTo("GOLD");
        }

        @Test
        void aNetNegativeSpendIsTheEntryTier() {
            assertThat(rules.tierFor(yen("-500"))).isEqualTo("BASE");
            assertThat(rules.entryTier()).isEqualTo("BASE");
        }

        @Test
        void aProgrammeNeedsExactlyOneTierStartingAtZero() {
            assertThatThrownBy(() -> new LoyaltyRules("JPY", BigDecimal.TEN, 1,
                    List.of(new LoyaltyRules.Tier("SILVER", new BigDecimal("50000"), BigDecimal.ONE)), Duration.ofDays(365)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new LoyaltyRules("JPY", BigDecimal.TEN, 1, List.of(
                    new LoyaltyRules.Tier("BASE", BigDecimal.ZERO, BigDecimal.ONE),
                    new LoyaltyRules.Tier("OTHER", BigDecimal.ZERO, BigDecimal.TWO)), Duration.ofDays(365)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class ProportionalReversal {

        private final BigDecimal orderTotal = yen("10000");
        private final long earned = 100;

        @Test
        void aFullRefundReversesEverythingTheOrderEarned() {
            assertThat(rules.pointsToReverse(earned, orderTotal, yen("0"), 0, yen("10000"))).isEqualTo(100);
        }

        @Test
        void aPartialRefundReversesItsShareRoundedDown() {
            assertThat(rules.pointsToReverse(earned, orderTotal, yen("0"), 0, yen("2500"))).isEqualTo(25);
            assertThat(rules.pointsToReverse(earned, orderTotal, yen("0"), 0, yen("150"))).as("1.5 points").isEqualTo(1);
        }

        @Test
        void partialRefundsAddingUpToTheOrderReverseExactlyWhatItEarned() {
            long first = rules.pointsToReverse(67, yen("5480"), yen("0"), 0, yen("1000"));
            long second = rules.pointsToReverse(67, yen("5480"), yen("1000"), first, yen("1000"));
            long last = rules.pointsToReverse(67, yen("5480"), yen("2000"), first + second, yen("3480"));
            assertThat(first).as("67 * 1000 / 5480 = 12.2").isEqualTo(12);
            assertThat(second).as("cumulative 24.4, minus 12").isEqualTo(12);
            assertThat(first + second + last).isEqualTo(67);
        }

        @Test
        void aRefundAboveTheOrderTotalIsCappedAtWhatTheOrderEarned() {
            assertThat(rules.pointsToReverse(earned, orderTotal, yen("0"), 0, yen("25000"))).isEqualTo(100);
        }

        @Test
        void nothingIsLeftToReverseOnceTheOrderIsFullyReversed() {
            assertThat(rules.pointsToReverse(earned, orderTotal, yen("10000"), 100, yen("500"))).isZero();
            assertThat(rules.pointsToReverse(earned, orderTotal, yen("6000"), 100, yen("500")))
                    .as("earlier reversals already took everything").isZero();
        }

        @Test
        void anOrderThatEarnedNothingReversesNothing() {
            assertThat(rules.pointsToReverse(0, yen("50"), yen("0"), 0, yen("50"))).isZero();
            assertThat(rules.pointsToReverse(10, yen("0"), yen("0"), 0, yen("50"))).isZero();
        }

        @Test
        void theReversedSpendNeverExceedsWhatIsLeftOfTheOrder() {
            assertThat(rules.spendToReverse(orderTotal, yen("0"), yen("2500"))).isEqualByComparingTo("2500");
            assertThat(rules.spendToReverse(orderTotal, yen("8000"), yen("5000"))).isEqualByComparingTo("2000");
            assertThat(rules.spendToReverse(orderTotal, yen("10000"), yen("100"))).isEqualByComparingTo("0");
        }
    }
}
