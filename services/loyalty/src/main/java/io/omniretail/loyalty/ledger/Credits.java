package io.omniretail.loyalty.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.omniretail.loyalty.rules.PointsExpiry;

/**
 * An account's entries as {@link PointsExpiry} sees them: the credits that lapse (each purchase's points net of the
 * reversals of that order, bonuses, balances merged in) and what was spent otherwise (redemptions net of releases,
 * earlier expiries, balances merged away, reversals of orders earned on another account). Pure.
 */
record Credits(List<PointsExpiry.Lot> lots, long spent) {

    static Credits of(List<LedgerEntry> entries) {
        List<PointsExpiry.Lot> lots = new ArrayList<>();
        Map<String, Integer> earnedByOrder = new HashMap<>();
        for (LedgerEntry entry : entries) {
            if (entry.kind == LedgerKind.EARN || entry.kind == LedgerKind.BONUS || entry.kind == LedgerKind.MERGE_IN) {
                if (entry.kind == LedgerKind.EARN) {
                    earnedByOrder.put(entry.orderId, lots.size());
                }
                lots.add(new PointsExpiry.Lot(entry.points, entry.occurredAt));
            }
        }
        long spent = 0;
        for (LedgerEntry entry : entries) {
            switch (entry.kind) {
                case EARN, BONUS, MERGE_IN -> {
                }
                case REVERSAL -> {
                    Integer lot = earnedByOrder.get(entry.orderId);
                    if (lot == null) {
                        spent -= entry.points;
                    } else {
                        PointsExpiry.Lot earned = lots.get(lot);
                        lots.set(lot, new PointsExpiry.Lot(earned.points() + entry.points, earned.bookedAt()));
                    }
                }
                case EXPIRY, REDEMPTION, RELEASE, MERGE_OUT -> spent -= entry.points;
            }
        }
        return new Credits(List.copyOf(lots), spent);
    }
}
