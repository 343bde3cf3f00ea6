package io.omniretail.loyalty.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A customer's loyalty account: the running projection of its ledger entries (balance) and of its group's
 * spend (tier). Changed only under a row lock (see {@link LoyaltyAccounts#lockForUpdate}).
 */
@Entity
@Table(name = "loyalty_account")
public class LoyaltyAccount extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    @Column(nullable = false)
    public String tier;

    public long balance;

    @Column(name = "rolling_spend", nullable = false)
    public BigDecimal rollingSpend = BigDecimal.ZERO;

    @Column(name = "tier_evaluated_at")
    public Instant tierEvaluatedAt;

    /** The survivor this customer was merged into; null while the account is live. */
    @Column(name = "merged_into")
    public String mergedInto;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    static LoyaltyAccount open(String customerId, String tier, Instant now) {
        LoyaltyAccount account = new LoyaltyAccount();
        account.customerId = customerId;
        account.tier = tier;
        account.createdAt = now;
        account.updatedAt = now;
        return account;
    }

    /** Books a ledger entry's points on the balance; the entry itself is persisted by the caller. */
    void book(LedgerEntry entry, Instant now) {
        balance += entry.points;
        updatedAt = now;
    }
}
