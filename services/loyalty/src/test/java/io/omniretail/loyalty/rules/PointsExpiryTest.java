package io.omniretail.loyalty.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.omniretail.loyalty.rules.PointsExpiry.Due;
import io.omniretail.loyalty.rules.PointsExpiry.Lot;

class PointsExpiryTest {

    private static final Instant T0 = Instant.parse("2025-01-10T00:00:00Z");
    private final PointsExpiry yearly = new PointsExpiry(Optional.of(Duration.ofDays(365)));

    private static Instant day(int days) {
        return T0.plus(Duration.ofDays(days));
    }

    @Test
    void nothingLapsesBeforeItsValidityEnds() {
        assertThat(yearly.toExpire(List.of(new Lot(100, T0)), 0, day(364))).isZero();
    }

    @Test
    void aCreditLapsesWholeOnTheDayItsValidityEnds() {
        assertThat(yearly.toExpire(List.of(new Lot(100, T0), new Lot(50, day(10))), 0, day(365))).isEqualTo(100);
    }

    @Test
    void spendingUsesTheOldestCreditsFirst() {
        List<Lot> lots = List.of(new Lot(100, T0), new Lot(50, day(10)));
        assertThat(yearly.toExpire(lots, 70, day(365))).as("70 of the first 100 were spent").isEqualTo(30);
        assertThat(yearly.toExpire(lots, 120, day(365))).as("the first credit is spent, 20 of the second").isZero();
        assertThat(yearly.toExpire(lots, 120, day(375))).as("30 of the second are left when it lapses").isEqualTo(30);
    }

    @Test
    void onceBookedAnExpiryCountsAsSpentSoAskingAgainLapsesNothing() {
        List<Lot> lots = List.of(new Lot(100, T0), new Lot(50, day(10)));
        long lapsed = yearly.toExpire(lots, 70, day(365));
        assertThat(yearly.toExpire(lots, 70 + lapsed, day(365))).isZero();
    }

    @Test
    void lotsFullyReversedHoldNothing() {
        assertThat(yearly.toExpire(List.of(new Lot(0, T0), new Lot(-5, T0), new Lot(40, T0)), 0, day(400))).isEqualTo(40);
    }

    @Test
    void withoutAValidityNothingEverLapses() {
        PointsExpiry never = new PointsExpiry(Optional.empty());
        assertThat(never.toExpire(List.of(new Lot(100, T0)), 0, day(10_000))).isZero();
        assertThat(never.next(List.of(new Lot(100, T0)), 0, T0)).isEmpty();
    }

    @Test
    void theNextExpiryIsWhatIsLeftOfTheOldestUnspentCreditTogetherWithCreditsDueTheSameInstant() {
        List<Lot> lots = List.of(new Lot(100, T0), new Lot(30, day(10)), new Lot(20, day(10)), new Lot(10, day(20)));
        assertThat(yearly.next(lots, 60, day(1))).contains(new Due(day(365), 40));
        assertThat(yearly.next(lots, 100, day(1))).as("the first credit is spent").contains(new Due(day(375), 50));
        assertThat(yearly.next(lots, 110, day(1))).contains(new Due(day(375), 40));
        assertThat(yearly.next(lots, 160, day(1))).as("everything is spent").isEmpty();
    }

    @Test
    void theNextExpirySkipsCreditsAlreadyDue() {
        List<Lot> lots = List.of(new Lot(100, T0), new Lot(30, day(10)));
        assertThat(yearly.next(lots, 0, day(366))).contains(new Due(day(375), 30));
    }

    @Test
    void aValidityMustBePositive() {
        assertThatThrownBy(() -> new PointsExpiry(Optional.of(Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
    }
}
