package io.omniretail.loyalty.ledger;

import java.time.Instant;

import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.loyalty.membership.Membership;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes LoyaltyEvents to the outbox in the caller's transaction, keyed by customerId. Their eventIds derive
 * from the cause and what the event says, so reprocessing a cause republishes the same ids, and the
 * correlationId of the purchase, command or merge is carried on.
 */
@ApplicationScoped
public class LoyaltyEventPublisher {

    static final String SOURCE = "loyalty";

    @Inject
    Outbox outbox;

    /** The event for one ledger entry, with the account's balance and tier after the change. */
    Uni<Void> entryBooked(EventMetadata cause, LoyaltyEventType type, LoyaltyAccount account, LedgerEntry entry,
            String reference, long balanceAfter) {
        LoyaltyEvent event = LoyaltyEvent.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(cause, type.name() + ":" + entry.entryId, SOURCE, Instant.now()))
                .setCustomerId(account.customerId)
                .setType(type)
                .setPointsDelta(entry.points)
                .setBalance(balanceAfter)
                .setTier(account.tier)
                .setReference(reference)
                .setReason(entry.reason)
                .setLedgerEntryId(entry.entryId)
                .build();
        return outbox.enqueue(Topics.LOYALTY_EVENTS, account.customerId, event);
    }

    /**
     * A tier change. It is not a ledger row: its ledgerEntryId is derived from the cause like an entry's, so it
     * is unique and stable, but names no row of points_ledger.
     */
    Uni<Void> tierChanged(EventMetadata cause, LoyaltyAccount account, String previousTier, String reference) {
        String what = LoyaltyEventType.TIER_CHANGED.name();
        LoyaltyEvent event = LoyaltyEvent.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(cause, what, SOURCE, Instant.now()))
                .setCustomerId(account.customerId)
                .setType(LoyaltyEventType.TIER_CHANGED)
                .setPointsDelta(0)
                .setBalance(account.balance)
                .setTier(account.tier)
                .setPreviousTier(previousTier)
                .setReference(reference)
                .setReason("rolling spend " + account.rollingSpend.toPlainString())
                .setLedgerEntryId(EventMetadataFactory.derivedId(cause.getEventId(), "loyalty-tier", account.customerId))
                .build();
        return outbox.enqueue(Topics.LOYALTY_EVENTS, account.customerId, event);
    }

    /**
     * A membership started, changed or ended: no points move; the event carries the plan (null once ended) and the end of
     * the term. Its ids derive from the cause and the type, like a tier change's.
     */
    public Uni<Void> membershipChanged(EventMetadata cause, LoyaltyAccount account, LoyaltyEventType type, Membership membership,
            String reference, String reason) {
        LoyaltyEvent event = LoyaltyEvent.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(cause, type.name() + ":" + account.customerId, SOURCE, Instant.now()))
                .setCustomerId(account.customerId)
                .setType(type)
                .setPointsDelta(0)
                .setBalance(account.balance)
                .setTier(account.tier)
                .setReference(reference)
                .setReason(reason)
                .setLedgerEntryId(EventMetadataFactory.derivedId(cause.getEventId(), "loyalty-membership", type.name(), account.customerId))
                .setMembershipPlan(membership.status == Membership.Status.ACTIVE ? membership.plan : null)
                .setMembershipEndsAt(membership.endsAt)
                .build();
        return outbox.enqueue(Topics.LOYALTY_EVENTS, account.customerId, event);
    }

    /** A tier change if there was one (previousTier null: none). */
    Uni<Void> tierChangedIfAny(EventMetadata cause, LoyaltyAccount account, String previousTier, String reference) {
        return previousTier == null ? Uni.createFrom().voidItem() : tierChanged(cause, account, previousTier, reference);
    }
}
