package io.omniretail.loyalty.membership;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.loyalty.ledger.LoyaltyAccount;
import io.omniretail.loyalty.ledger.LoyaltyEventPublisher;
import io.omniretail.loyalty.rules.MembershipRules;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Paid memberships ({@link MembershipRules}): a purchase that carries a plan's product starts or extends the buyer's
 * membership, its cancellation takes those terms back, the nightly review ends memberships whose term ran out, and a
 * merge keeps the later of two. Every method runs in the caller's transaction with the customer's loyalty account
 * locked: the account's row lock is the lock of everything a customer holds here, so membership rows take none of
 * their own (a second lock on a row the batch's session already read would also trip Hibernate Reactive's lock
 * upgrade, which names the id property instead of its column). Idempotent: an order buys its terms once
 * (membership_purchase), and its cancellation takes them back once.
 */
@ApplicationScoped
public class Memberships {

    private static final Logger LOG = Logger.getLogger(Memberships.class);

    @Inject
    MembershipRules rules;
    @Inject
    LoyaltyEventPublisher publisher;

    /** The points multiplier of the membership that ran at {@code at}; 1 without one. */
    public Uni<BigDecimal> multiplierAt(String customerId, Instant at) {
        return Membership.<Membership>findById(customerId)
                .map(membership -> membership != null && membership.runsAt(at) ? rules.multiplier(membership.plan) : BigDecimal.ONE);
    }

    /** A paid order: the terms it buys, if any, start or extend the account's membership. */
    public Uni<Void> bought(EventMetadata cause, LoyaltyAccount account, String orderId, List<MembershipRules.Line> lines,
            Instant paidAt, Instant now) {
        Optional<MembershipRules.Bought> bought = rules.bought(lines);
        if (bought.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MembershipRules.Plan plan = bought.get().plan();
        int terms = bought.get().terms();
        return MembershipPurchase.<MembershipPurchase>findById(orderId).chain(known -> {
            if (known != null) {
                return Uni.createFrom().voidItem();
            }
            MembershipPurchase purchase = new MembershipPurchase();
            purchase.orderId = orderId;
            purchase.customerId = account.customerId;
            purchase.plan = plan.name();
            purchase.terms = terms;
            purchase.paidAt = paidAt;
            return purchase.persist().chain(() -> Membership.<Membership>findById(account.customerId))
                    .chain(membership -> {
                        boolean running = membership != null && membership.status == Membership.Status.ACTIVE
                                && rules.extendsRunning(membership.endsAt, paidAt);
                        Membership next = membership != null ? membership : new Membership();
                        next.customerId = account.customerId;
                        next.endsAt = rules.endAfter(running ? membership.endsAt : null, paidAt, plan.term(), terms);
                        if (!running) {
                            next.startedAt = paidAt;
                        }
                        next.plan = plan.name();
                        next.status = Membership.Status.ACTIVE;
                        next.updatedAt = now;
                        LoyaltyEventType type = running ? LoyaltyEventType.MEMBERSHIP_CHANGED : LoyaltyEventType.MEMBERSHIP_STARTED;
                        return (membership == null ? next.persist() : Uni.createFrom().item(next))
                                .chain(() -> publisher.membershipChanged(cause, account, type, next, orderId,
                                        terms + " term(s) of " + plan.name() + " bought with order " + orderId));
                    });
        });
    }

    /** The order that bought terms was cancelled: they are taken back, and the membership ends if nothing is left. */
    public Uni<Void> orderCancelled(EventMetadata cause, LoyaltyAccount account, String orderId, Instant now) {
        return MembershipPurchase.<MembershipPurchase>findById(orderId).chain(purchase -> {
            if (purchase == null || purchase.cancelledAt != null) {
                return Uni.createFrom().voidItem();
            }
            purchase.cancelledAt = now;
            return Membership.<Membership>findById(account.customerId).chain(membership -> {
                if (membership == null || membership.status != Membership.Status.ACTIVE) {
                    return Uni.createFrom().voidItem();
                }
                membership.endsAt = membership.endsAt.minus(rules.plan(purchase.plan).orElseThrow().term().multipliedBy(purchase.terms));
                membership.updatedAt = now;
                boolean over = !membership.endsAt.isAfter(now);
                if (over) {
                    membership.status = Membership.Status.ENDED;
                }
                return publisher.membershipChanged(cause, account, over ? LoyaltyEventType.MEMBERSHIP_ENDED
                        : LoyaltyEventType.MEMBERSHIP_CHANGED, membership, orderId, "order " + orderId + " cancelled");
            });
        });
    }

    /** The review: a membership whose term ran out ends; whether it did. */
    public Uni<Boolean> lapse(EventMetadata cause, LoyaltyAccount account, Instant now) {
        return Membership.<Membership>findById(account.customerId).chain(membership -> {
            if (membership == null || membership.status != Membership.Status.ACTIVE || membership.endsAt.isAfter(now)) {
                return Uni.createFrom().item(false);
            }
            membership.status = Membership.Status.ENDED;
            membership.updatedAt = now;
            return publisher.membershipChanged(cause, account, LoyaltyEventType.MEMBERSHIP_ENDED, membership, membership.plan,
                    "term ended " + membership.endsAt).replaceWith(true);
        });
    }

    /** A merge: the survivor keeps the membership that runs longer; the absorbed customer's row is gone. */
    public Uni<Void> merge(EventMetadata cause, LoyaltyAccount survivor, String absorbedId, Instant now) {
        return Membership.<Membership>findById(absorbedId).chain(absorbed -> {
            if (absorbed == null) {
                return Uni.createFrom().voidItem();
            }
            return Membership.<Membership>findById(survivor.customerId).chain(kept -> {
                boolean takeAbsorbed = absorbed.status == Membership.Status.ACTIVE
                        && (kept == null || kept.status != Membership.Status.ACTIVE || absorbed.endsAt.isAfter(kept.endsAt));
                Uni<Void> removed = absorbed.delete();
                if (!takeAbsorbed) {
                    return removed;
                }
                LOG.infof("customer %s keeps the %s membership of merged customer %s", survivor.customerId, absorbed.plan, absorbedId);
                Membership next = kept != null ? kept : new Membership();
                next.customerId = survivor.customerId;
                next.plan = absorbed.plan;
                next.startedAt = absorbed.startedAt;
                next.endsAt = absorbed.endsAt;
                next.status = Membership.Status.ACTIVE;
                next.updatedAt = now;
                return removed.chain(() -> kept == null ? next.persist().replaceWithVoid() : Uni.createFrom().voidItem())
                        .chain(() -> publisher.membershipChanged(cause, survivor, LoyaltyEventType.MEMBERSHIP_CHANGED, next,
                                absorbedId, "membership of merged customer " + absorbedId));
            });
        });
    }
}
