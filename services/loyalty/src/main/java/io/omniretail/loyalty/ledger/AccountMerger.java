package io.omniretail.loyalty.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.IdentityMerged;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.loyalty.membership.Memberships;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * Combines the accounts of customers that customer-360 merged. The ledger stays immutable: each absorbed
 * account's balance moves with a MERGE_OUT entry on it and a MERGE_IN entry on the survivor, and the
 * absorbed account is redirected to the survivor (merged_into). Its earlier entries stay booked where they
 * were, but count for the survivor: the rolling spend (tier), refunds of its orders and the account view all
 * read the survivor's group (the survivor and the accounts merged into it).
 */
@ApplicationScoped
public class AccountMerger {

    private static final Logger LOG = Logger.getLogger(AccountMerger.class);

    @Inject
    LoyaltyAccounts accounts;
    @Inject
    LoyaltyEventPublisher publisher;
    @Inject
    Memberships memberships;

    /** What one absorbed account brought: the survivor's MERGE_IN entry and the balance right after it. */
    private record Absorbed(LedgerEntry mergeIn, long balanceAfter) {
    }

    public Uni<Void> merge(IdentityMerged merged) {
        EventMetadata cause = merged.getMetadata();
        Instant now = Instant.now();
        // a fixed lock order (survivor first, then the absorbed ids sorted) keeps two merges from deadlocking
        List<String> absorbedIds = merged.getMergedCustomerIds().stream()
                .filter(id -> !id.equals(merged.getSurvivorCustomerId())).distinct().sorted().toList();
        return accounts.lockForUpdate(merged.getSurvivorCustomerId(), now).chain(survivor -> Multi.createFrom()
                .iterable(absorbedIds)
                .onItem().transformToUniAndConcatenate(absorbedId -> absorb(cause, survivor, absorbedId, now))
                .collect().asList()
                .chain(results -> {
                    List<Absorbed> absorbed = results.stream().flatMap(Optional::stream).toList();
                    if (absorbed.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return accounts.reevaluateTier(survivor, now).chain(previousTier -> Multi.createFrom()
                            .iterable(absorbed)
                            .onItem().transformToUniAndConcatenate(each -> publisher.entryBooked(cause,
                                    LoyaltyEventType.ACCOUNTS_MERGED, survivor, each.mergeIn(), survivor.customerId,
                                    each.balanceAfter()))
                            .collect().last()
                            .chain(() -> publisher.tierChangedIfAny(cause, survivor, previousTier, survivor.customerId)));
                }));
    }

    /**
     * Moves one account into the survivor. Nothing moves (empty) when loyalty never saw the customer (it only
     * gets a redirect, for events still in flight under its id) or when it was merged before.
     */
    private Uni<Optional<Absorbed>> absorb(EventMetadata cause, LoyaltyAccount survivor, String absorbedId, Instant now) {
        if (absorbedId.equals(survivor.customerId)) {
            // the named survivor was itself merged away earlier and resolved to this account: nothing to move
            return Uni.createFrom().item(Optional.empty());
        }
        return LoyaltyAccount.<LoyaltyAccount>findById(absorbedId, LockModeType.PESSIMISTIC_WRITE).chain(account -> {
            if (account == null) {
                LoyaltyAccount redirect = LoyaltyAccount.open(absorbedId, survivor.tier, now);
                redirect.mergedInto = survivor.customerId;
                return redirect.persist().replaceWith(Optional.<Absorbed>empty());
            }
            if (account.mergedInto != null) {
                LOG.infof("customer %s was already merged into %s; merge event %s moves nothing", absorbedId,
                        account.mergedInto, cause.getEventId());
                return Uni.createFrom().item(Optional.<Absorbed>empty());
            }
            long moved = account.balance;
            LedgerEntry out = LedgerEntry.of(cause, LedgerKind.MERGE_OUT, absorbedId, -moved, absorbedId,
                    "merged into customer " + survivor.customerId, cause.getOccurredAt(), now);
            LedgerEntry in = LedgerEntry.of(cause, LedgerKind.MERGE_IN, survivor.customerId, moved, absorbedId,
                    "merged customer " + absorbedId, cause.getOccurredAt(), now);
            account.book(out, now);
            account.mergedInto = survivor.customerId;
            survivor.book(in, now);
            long balanceAfter = survivor.balance;
            return out.persist()
                    .chain(() -> in.persist())
                    // customers merged into the absorbed one earlier now point at the survivor directly
                    .chain(() -> LoyaltyAccount.update("mergedInto = ?1, updatedAt = ?2 where mergedInto = ?3",
                            survivor.customerId, now, absorbedId))
                    .call(() -> memberships.merge(cause, survivor, absorbedId, now))
                    .replaceWith(Optional.of(new Absorbed(in, balanceAfter)));
        });
    }
}
