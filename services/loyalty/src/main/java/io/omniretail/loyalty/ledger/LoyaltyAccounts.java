package io.omniretail.loyalty.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import io.omniretail.loyalty.rules.LoyaltyRules;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * Finding and locking accounts, following merges, and keeping the tier in line with the rolling spend. Every
 * method runs inside the caller's transaction.
 */
@ApplicationScoped
public class LoyaltyAccounts {

    /** Merges re-point older redirects, so one hop is normal; more means the redirects form a loop. */
    private static final int MAX_MERGE_HOPS = 3;

    /** Net spend of an account and of the accounts merged into it, in the programme currency, since a time. */
    private static final String GROUP_ROLLING_SPEND = """
            select sum(e.purchaseSpend) from LedgerEntry e
            where (e.customerId = :customerId
                   or e.customerId in (select a.customerId from LoyaltyAccount a where a.mergedInto = :customerId))
              and e.currency = :currency and e.spendAt > :since""";

    @Inject
    LoyaltyRules rules;

    /**
     * The live account for a customer, row-locked until the transaction ends so that concurrent events of
     * one customer (the four inputs are consumed concurrently) apply one after the other. A customer merged
     * away resolves to its survivor; an unknown customer gets a new account in the entry tier. Two
     * transactions opening the same new account at once: one fails on the primary key and is retried by
     * EventProcessor, then finds the account.
     */
    public Uni<LoyaltyAccount> lockForUpdate(String customerId, Instant now) {
        return lockForUpdate(customerId, now, MAX_MERGE_HOPS);
    }

    private Uni<LoyaltyAccount> lockForUpdate(String customerId, Instant now, int hopsLeft) {
        return LoyaltyAccount.<LoyaltyAccount>findById(customerId, LockModeType.PESSIMISTIC_WRITE).chain(account -> {
            if (account == null) {
                return LoyaltyAccount.open(customerId, rules.entryTier(), now).<LoyaltyAccount>persist();
            }
            if (account.mergedInto == null) {
                return Uni.createFrom().item(account);
            }
            if (hopsLeft == 0) {
                return Uni.createFrom().<LoyaltyAccount>failure(new IllegalStateException(
                        "loyalty account " + customerId + " is merged in a loop of redirects"));
            }
            return lockForUpdate(account.mergedInto, now, hopsLeft - 1);
        });
    }

    /** Reads an account without locking, following merges; null when loyalty has never seen the customer. */
    public Uni<LoyaltyAccount> findFollowingMerges(String customerId) {
        return findFollowingMerges(customerId, MAX_MERGE_HOPS);
    }

    private Uni<LoyaltyAccount> findFollowingMerges(String customerId, int hopsLeft) {
        return LoyaltyAccount.<LoyaltyAccount>findById(customerId).chain(account -> account == null
                || account.mergedInto == null || hopsLeft == 0
                        ? Uni.createFrom().item(account)
                        : findFollowingMerges(account.mergedInto, hopsLeft - 1));
    }

    /**
     * Recomputes the tier from the net spend of the account's group (itself and the accounts merged into it)
     * over the rolling window ending now. Returns the previous tier when it changed, else null.
     */
    public Uni<String> reevaluateTier(LoyaltyAccount account, Instant now) {
        // the spend query must see the entries and merges written earlier in this transaction
        return Panache.flush()
                .chain(() -> Panache.getSession())
                .chain(session -> session.createSelectionQuery(GROUP_ROLLING_SPEND, BigDecimal.class)
                        .setParameter("customerId", account.customerId)
                        .setParameter("currency", rules.currency())
                        .setParameter("since", now.minus(rules.tierWindow()))
                        .getSingleResultOrNull())
                .map(spend -> {
                    BigDecimal rollingSpend = spend == null ? BigDecimal.ZERO : spend;
                    String previousTier = account.tier;
                    account.rollingSpend = rollingSpend;
                    account.tier = rules.tierFor(rollingSpend);
                    account.tierEvaluatedAt = now;
                    account.updatedAt = now;
                    return previousTier.equals(account.tier) ? null : previousTier;
                });
    }
}
