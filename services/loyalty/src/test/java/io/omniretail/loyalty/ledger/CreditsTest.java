package io.omniretail.loyalty.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.omniretail.loyalty.rules.PointsExpiry.Lot;

class CreditsTest {

    private static final Instant T0 = Instant.parse("2025-01-10T00:00:00Z");

    private static LedgerEntry entry(LedgerKind kind, long points, String orderId, int day) {
        LedgerEntry entry = new LedgerEntry();
        entry.kind = kind;
        entry.points = points;
        entry.orderId = orderId;
        entry.occurredAt = T0.plusSeconds(86_400L * day);
        return entry;
    }

    @Test
    void aReversalShrinksTheCreditOfItsOwnOrderNotTheOldest() {
        Credits credits = Credits.of(List.of(entry(LedgerKind.EARN, 100, "a", 0), entry(LedgerKind.EARN, 60, "b", 5),
                entry(LedgerKind.REVERSAL, -60, "b", 6)));
        assertThat(credits.lots()).containsExactly(new Lot(100, T0), new Lot(0, T0.plusSeconds(86_400L * 5)));
        assertThat(credits.spent()).isZero();
    }

    @Test
    void bonusesAndMergedBalancesAreCreditsOfTheirOwn() {
        Credits credits = Credits.of(List.of(entry(LedgerKind.BONUS, 300, null, 1), entry(LedgerKind.MERGE_IN, 50, null, 2)));
        assertThat(credits.lots()).extracting(Lot::points).containsExactly(300L, 50L);
    }

    @Test
    void redemptionsNetOfReleasesExpiriesMergesAwayAndReversalsOfOrdersEarnedElsewhereAreSpent() {
        Credits credits = Credits.of(List.of(entry(LedgerKind.EARN, 500, "a", 0), entry(LedgerKind.REDEMPTION, -300, null, 1),
                entry(LedgerKind.RELEASE, 300, null, 2), entry(LedgerKind.REDEMPTION, -100, null, 3),
                entry(LedgerKind.EXPIRY, -20, null, 4), entry(LedgerKind.MERGE_OUT, -10, null, 5),
                entry(LedgerKind.REVERSAL, -7, "earned-on-a-merged-account", 6)));
        assertThat(credits.lots()).containsExactly(new Lot(500, T0));
        assertThat(credits.spent()).isEqualTo(100 + 20 + 10 + 7);
    }
}
