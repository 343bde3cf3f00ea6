package io.omniretail.loyalty.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.omniretail.loyalty.ledger.LedgerEntry;
import io.omniretail.loyalty.ledger.LoyaltyAccount;
import io.omniretail.loyalty.rules.PointsExpiry;

/**
 * A loyalty account as associates see it: tier, balance, the next points to lapse ("N points expire on D"; null when
 * none will) and the latest ledger entries, newest first.
 */
public record AccountView(String customerId, String tier, long balance, BigDecimal rollingSpend, String spendCurrency,
        Instant tierEvaluatedAt, PointsExpiry.Due nextExpiry, List<Entry> ledger) {

    /** One ledger entry; entries of accounts merged into this one are included, with their own customerId. */
    public record Entry(String entryId, String customerId, String kind, long points, String reference, String orderId,
            String reason, Instant occurredAt) {
    }

    static AccountView of(LoyaltyAccount account, String spendCurrency, Optional<PointsExpiry.Due> nextExpiry,
            List<LedgerEntry> entries) {
        return new AccountView(account.customerId, account.tier, account.balance, account.rollingSpend, spendCurrency,
                account.tierEvaluatedAt, nextExpiry.orElse(null),
                entries.stream().map(e -> new Entry(e.entryId, e.customerId, e.kind.name(), e.points, e.reference,
                        e.orderId, e.reason, e.occurredAt)).toList());
    }
}
