package io.omniretail.loyalty.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.journey.RewardCommand;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.OrderStatus;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.kit.NotApplicableException;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.loyalty.membership.Memberships;
import io.omniretail.loyalty.rules.LoyaltyRules;
import io.omniretail.loyalty.rules.MembershipRules;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Earning (at the tier's multiplier, and a running paid membership's), reversing and granting points. Each method runs inside EventProcessor's transaction (the inbox has
 * already dropped redeliveries of the same eventId); the ledger's (kind, reference) rule additionally drops
 * the same business fact arriving under a new eventId: an order earns once, a refund reverses once, a reward
 * command grants once.
 */
@ApplicationScoped
public class PointsLedger {

    private static final Logger LOG = Logger.getLogger(PointsLedger.class);

    @Inject
    LoyaltyRules rules;
    @Inject
    LoyaltyAccounts accounts;
    @Inject
    LoyaltyEventPublisher publisher;
    @Inject
    MembershipRules membershipRules;
    @Inject
    Memberships memberships;

    /** A purchase earns points at the tier the customer had before it, then may lift the tier. */
    public Uni<Void> earn(CustomerEvent event) {
        PurchaseDetails purchase = event.getPurchase();
        if (purchase == null) {
            return reject("PURCHASE event " + event.getMetadata().getEventId() + " carries no purchase details");
        }
        Money total = purchase.getTotal();
        if (!rules.currency().equals(total.getCurrency())) {
            return notEligible("order " + purchase.getOrderId() + " is in " + total.getCurrency()
                    + "; the programme counts only " + rules.currency());
        }
        if (total.getAmount().signum() < 0) {
            return reject("order " + purchase.getOrderId() + " has a negative total " + total.getAmount());
        }
        EventMetadata cause = event.getMetadata();
        String orderId = purchase.getOrderId();
        List<MembershipRules.Line> lines = purchase.getLines().stream()
                .map(line -> new MembershipRules.Line(line.getSku(), line.getQuantity(), line.getUnitPrice().getAmount())).toList();
        // a membership fee earns nothing and counts for no tier
        BigDecimal earnable = membershipRules.earnable(total.getAmount(), lines);
        Instant now = Instant.now();
        return accounts.lockForUpdate(event.getCustomerId(), now)
                .chain(account -> LedgerEntry.exists(LedgerKind.EARN, orderId).chain(alreadyEarned -> {
                    if (alreadyEarned) {
                        LOG.infof("order %s already earned points; event %s changes nothing", orderId, cause.getEventId());
                        return Uni.createFrom().voidItem();
                    }
                    // a membership bought with this order already counts for the rest of it
                    return memberships.bought(cause, account, orderId, lines, purchase.getPlacedAt(), now)
                            .chain(() -> memberships.multiplierAt(account.customerId, purchase.getPlacedAt()))
                            .chain(membership -> {
                                long points = rules.pointsForPurchase(earnable, account.tier, membership);
                                LedgerEntry entry = LedgerEntry.of(cause, LedgerKind.EARN, account.customerId, points, orderId,
                                                "purchase " + purchase.getOrderNumber(), purchase.getPlacedAt(), now)
                                        .withSpend(orderId, earnable, total.getCurrency(), purchase.getPlacedAt());
                                account.book(entry, now);
                                return entry.persist()
                                        .chain(() -> accounts.reevaluateTier(account, now))
                                        .chain(previousTier -> publisher.entryBooked(cause, LoyaltyEventType.POINTS_EARNED, account,
                                                        entry, orderId, account.balance)
                                                .chain(() -> publisher.tierChangedIfAny(cause, account, previousTier, orderId)));
                            });
                }));
    }

    /**
     * A refund on the unified stream takes back the refunded share of the points its order earned (see
     * {@link LoyaltyRules#pointsToReverse}). Refunds from Shopify and from POS returns with money back all
     * reach the unified stream as REFUND events; the only other refund path is an associate's (see
     * {@link #returnCase}), so no refund is counted twice from two topics.
     */
    public Uni<Void> reverse(CustomerEvent event) {
        RefundDetails refund = event.getRefund();
        if (refund == null) {
            return reject("REFUND event " + event.getMetadata().getEventId() + " carries no refund details");
        }
        Money amount = refund.getAmount();
        if (!rules.currency().equals(amount.getCurrency())) {
            return notEligible("refund " + refund.getRefundId() + " is in " + amount.getCurrency()
                    + "; the programme counts only " + rules.currency());
        }
        if (amount.getAmount().signum() <= 0) {
            return reject("refund " + refund.getRefundId() + " has a non-positive amount " + amount.getAmount());
        }
        return reverseOrder(event.getMetadata(), event.getCustomerId(), refund.getRefundId(), refund.getOrderId(), amount.getAmount(),
                refund.getReason() == null ? "refund " + refund.getRefundId() : refund.getReason());
    }

    /**
     * A cancelled order gives back what its purchase still holds: the points and the spend that no refund has
     * reversed yet. Once per order (the reversal's reference is the cancellation's).
     */
    public Uni<Void> cancel(CustomerEvent event) {
        OrderStatus order = event.getOrder();
        if (order == null) {
            return reject("ORDER_CANCELLED event " + event.getMetadata().getEventId() + " carries no order status");
        }
        String orderId = order.getOrderId();
        return reverseOrder(event.getMetadata(), event.getCustomerId(), "cancelled:" + orderId, orderId, null,
                "order " + orderId + " cancelled" + (order.getCancelReason() == null ? "" : " (" + order.getCancelReason() + ")"))
                // the terms of a membership the order bought go with it (the account is locked by now)
                .chain(() -> accounts.lockForUpdate(event.getCustomerId(), Instant.now()))
                .chain(account -> memberships.orderCancelled(event.getMetadata(), account, orderId, Instant.now()));
    }

    /** Reverses {@code amount} of the order's purchase (null: all that is left), once per {@code reference}. */
    private Uni<Void> reverseOrder(EventMetadata cause, String customerId, String reference, String orderId,
            BigDecimal amount, String reason) {
        Instant now = Instant.now();
        return accounts.lockForUpdate(customerId, now)
                .chain(account -> LedgerEntry.exists(LedgerKind.REVERSAL, reference).chain(alreadyReversed -> {
                    if (alreadyReversed) {
                        LOG.infof("%s already reversed points; event %s changes nothing", reference, cause.getEventId());
                        return Uni.createFrom().voidItem();
                    }
                    return LedgerEntry.findByReference(LedgerKind.EARN, orderId).chain(earned -> {
                        if (earned == null) {
                            // e.g. an order placed before the programme, or in another currency (not eligible)
                            LOG.infof("%s: order %s earned no points, nothing to reverse", reference, orderId);
                            return Uni.createFrom().voidItem();
                        }
                        return reversalsOf(orderId).chain(earlier -> reverseShare(cause, account, reference, amount, reason,
                                earned, earlier, now));
                    });
                }));
    }

    /** Books the reversal of the refunded (or cancelled) share of an order, given the order's earlier reversals. */
    private Uni<Void> reverseShare(EventMetadata cause, LoyaltyAccount account, String reference, BigDecimal amount,
            String reason, LedgerEntry earned, List<LedgerEntry> earlierReversals, Instant now) {
        long reversedBefore = -earlierReversals.stream().mapToLong(e -> e.points).sum();
        BigDecimal refundedBefore = earlierReversals.stream().map(e -> e.purchaseSpend.negate())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        long points;
        BigDecimal spend;
        if (amount == null) {
            // a cancellation takes back everything no refund took yet, rounding remainders included
            points = Math.max(0, earned.points - reversedBefore);
            spend = earned.purchaseSpend.subtract(refundedBefore).max(BigDecimal.ZERO);
        } else {
            points = rules.pointsToReverse(earned.points, earned.purchaseSpend, refundedBefore, reversedBefore, amount);
            spend = rules.spendToReverse(earned.purchaseSpend, refundedBefore, amount);
        }
        LedgerEntry entry = LedgerEntry.of(cause, LedgerKind.REVERSAL, account.customerId, -points, reference,
                        reason, cause.getOccurredAt(), now)
                // the reversal leaves the rolling window together with the purchase it undoes
                .withSpend(earned.orderId, spend.negate(), earned.currency, earned.spendAt);
        account.book(entry, now);
        return entry.persist()
                .chain(() -> accounts.reevaluateTier(account, now))
                .chain(previousTier -> publisher.entryBooked(cause, LoyaltyEventType.POINTS_REVERSED, account, entry,
                                earned.orderId, account.balance)
                        .chain(() -> publisher.tierChangedIfAny(cause, account, previousTier, earned.orderId)));
    }

    /** Bonus points asked for by a journey; at most once per commandId, whatever the command's eventId. */
    public Uni<Void> grant(RewardCommand command) {
        if (command.getPoints() <= 0) {
            return reject("reward command " + command.getCommandId() + " asks for " + command.getPoints() + " points");
        }
        Instant now = Instant.now();
        return accounts.lockForUpdate(command.getCustomerId(), now)
                .chain(account -> bookOnce(command.getMetadata(), account, LedgerKind.BONUS, command.getPoints(),
                        command.getCommandId(), command.getReason(), LoyaltyEventType.BONUS_GRANTED, now))
                .replaceWithVoid();
    }

    /**
     * Books points that are about nothing but a reference (a bonus, a redemption, its release) on an account the caller
     * has locked, and publishes the entry; at most once per kind and reference, whatever the cause. Whether it booked.
     */
    public Uni<Boolean> bookOnce(EventMetadata cause, LoyaltyAccount account, LedgerKind kind, long points, String reference,
            String reason, LoyaltyEventType type, Instant now) {
        return LedgerEntry.exists(kind, reference).chain(booked -> {
            if (booked) {
                LOG.infof("%s %s already booked; event %s changes nothing", kind, reference, cause.getEventId());
                return Uni.createFrom().item(false);
            }
            LedgerEntry entry = LedgerEntry.of(cause, kind, account.customerId, points, reference, reason, cause.getOccurredAt(), now);
            account.book(entry, now);
            return entry.persist().chain(() -> publisher.entryBooked(cause, type, account, entry, reference, account.balance))
                    .replaceWith(true);
        });
    }

    /**
     * A return case an associate refunded reverses its share of the order's points, like a refund on the unified
     * stream, once per case; so does an exchange for a cheaper replacement, for the difference it gave back. Only ASSOCIATE cases do: a case that follows a Shopify or POS return reports money whose
     * REFUND event also reaches the unified stream (see {@link #reverse}), so reversing here too would take the points
     * back twice; an associate's refund (money back at the service desk) is reported nowhere else. Other transitions
     * and other origins change nothing.
     */
    public Uni<Void> returnCase(ReturnCaseEvent event) {
        boolean moneyBack = event.getStatus() == ReturnStatus.REFUNDED
                || (event.getStatus() == ReturnStatus.EXCHANGED && event.getRefundAmount() != null);
        if (!moneyBack || event.getOrigin() != ReturnOrigin.ASSOCIATE) {
            return Uni.createFrom().voidItem();
        }
        Money amount = event.getRefundAmount();
        if (amount == null || amount.getAmount().signum() <= 0) {
            return reject("refunded return case " + event.getReturnCaseId() + " carries no positive refund amount");
        }
        if (!rules.currency().equals(amount.getCurrency())) {
            return notEligible("return case " + event.getReturnCaseId() + " refunded " + amount.getCurrency()
                    + "; the programme counts only " + rules.currency());
        }
        return reverseOrder(event.getMetadata(), event.getCustomerId(), "return-case:" + event.getReturnCaseId(),
                event.getOrderId(), amount.getAmount(), "return case " + event.getReturnCaseId()
                        + (event.getStatus() == ReturnStatus.EXCHANGED ? " exchanged for less" : " refunded") + " by an associate");
    }

    private static Uni<List<LedgerEntry>> reversalsOf(String orderId) {
        return LedgerEntry.list("kind = ?1 and orderId = ?2", LedgerKind.REVERSAL, orderId);
    }

    /** A valid event the programme does not count: recorded as the outcome, never dead-lettered. */
    private static Uni<Void> notEligible(String outcome) {
        return Uni.createFrom().failure(new NotApplicableException(outcome));
    }

    private static Uni<Void> reject(String reason) {
        return Uni.createFrom().failure(new RejectedEventException(reason));
    }
}
