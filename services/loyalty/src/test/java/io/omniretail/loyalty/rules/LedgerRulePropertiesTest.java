package io.omniretail.loyalty.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the arithmetic the ledger books, each checked over 500 generated cases: no sequence of refunds takes
 * back more than an order earned, refunds adding up to the order take back exactly what it earned, and what lapses
 * never exceeds what is left, never lapses twice and only grows with time. Each case comes from its own seed (shown
 * in the test name), so a failure is reproduced by running that seed alone.
 */
class LedgerRulePropertiesTest {

    private static final Instant T0 = Instant.parse("2025-01-10T00:00:00Z");

    private final LoyaltyRules rules = new LoyaltyRules("JPY", new BigDecimal("100"), 1, List.of(
            new LoyaltyRules.Tier("BASE", BigDecimal.ZERO, new BigDecimal("1.0")),
            new LoyaltyRules.Tier("SILVER", new BigDecimal("50000"), new BigDecimal("1.25"))),
            Duration.ofDays(365));
    private final PointsExpiry expiry = new PointsExpiry(Optional.of(Duration.ofDays(365)));

    static LongStream seeds() {
        return LongStream.range(0, 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void refundsNeverTakeBackMoreThanTheOrderEarnedAndAllOfItTakeBackExactlyThat(long seed) {
        Random random = new Random(seed);
        BigDecimal total = BigDecimal.valueOf(random.nextInt(3) == 0 ? random.nextInt(1_000) : random.nextLong(10_000_000));
        long earned = rules.pointsForPurchase(total, random.nextBoolean() ? "SILVER" : "BASE");
        int refunds = 1 + random.nextInt(12);
        BigDecimal refunded = BigDecimal.ZERO;
        long reversed = 0;
        for (int i = 0; i < refunds; i++) {
            // random shares of what is left; the last refund is all of it, so the refunds add up to the order
            BigDecimal left = total.subtract(refunded);
            BigDecimal amount = i == refunds - 1 ? left
                    : left.multiply(BigDecimal.valueOf(random.nextInt(101))).divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR);
            long points = rules.pointsToReverse(earned, total, refunded, reversed, amount);
            assertThat(points).isNotNegative();
            reversed += points;
            refunded = refunded.add(rules.spendToReverse(total, refunded, amount));
            assertThat(reversed).as("reversed after refund %d", i + 1).isLessThanOrEqualTo(earned);
        }
        assertThat(reversed).as("refunds adding up to the order").isEqualTo(total.signum() == 0 ? 0 : earned);
        assertThat(refunded).isEqualByComparingTo(total);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void whatLapsesNeverExceedsWhatIsLeftNeverLapsesTwiceAndOnlyGrowsWithTime(long seed) {
        Random random = new Random(seed);
        List<PointsExpiry.Lot> lots = history(random);
        long spent = random.nextInt(4) == 0 ? 0 : random.nextLong(50_000);
        Instant now = T0.plus(Duration.ofDays(random.nextInt(1_500)));
        long credited = lots.stream().mapToLong(lot -> Math.max(0, lot.points())).sum();

        long lapsed = expiry.toExpire(lots, spent, now);
        assertThat(lapsed).isNotNegative().isLessThanOrEqualTo(Math.max(0, credited - spent));
        assertThat(expiry.toExpire(lots, spent + lapsed, now)).as("asked again after booking").isZero();
        assertThat(expiry.toExpire(lots, spent, now.plus(Duration.ofDays(1 + random.nextInt(400)))))
                .as("later, at least as much").isGreaterThanOrEqualTo(lapsed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theNextExpiryIsAfterNowAndNoMoreThanIsLeft(long seed) {
        Random random = new Random(seed);
        List<PointsExpiry.Lot> lots = history(random);
        long spent = random.nextLong(20_000);
        Instant now = T0.plus(Duration.ofDays(random.nextInt(1_500)));
        long lapsed = expiry.toExpire(lots, spent, now);
        long left = lots.stream().mapToLong(lot -> Math.max(0, lot.points())).sum() - spent - lapsed;

        expiry.next(lots, spent + lapsed, now).ifPresent(due -> {
            assertThat(due.at()).isAfter(now);
            assertThat(due.points()).isPositive().isLessThanOrEqualTo(left);
            assertThat(expiry.toExpire(lots, spent + lapsed, due.at())).as("what is due then lapses then").isEqualTo(due.points());
        });
    }

    /** Up to 20 credits over about three years, some of them reversed to nothing or below. */
    private static List<PointsExpiry.Lot> history(Random random) {
        List<PointsExpiry.Lot> lots = new ArrayList<>();
        int size = random.nextInt(21);
        for (int i = 0; i < size; i++) {
            long points = random.nextInt(10) == 0 ? -random.nextInt(50) : random.nextInt(5_000);
            // a few credits share a day, so credits lapsing at the same instant are covered
            lots.add(new PointsExpiry.Lot(points, T0.plus(Duration.ofDays(random.nextInt(4) == 0 ? 100 : random.nextInt(1_000)))));
        }
        return lots;
    }
}
