package io.omniretail.loyalty.redemption;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.loyalty.ledger.LedgerKind;
import io.omniretail.loyalty.ledger.LoyaltyAccount;
import io.omniretail.loyalty.ledger.LoyaltyAccounts;
import io.omniretail.loyalty.ledger.PointsLedger;
import io.omniretail.loyalty.rules.LoyaltyRules;
import io.omniretail.loyalty.rules.RedemptionRules;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Spending points as money off an order. Issuing a code debits the points at once (REDEMPTION), so the balance shown
 * at the till is what is left to spend; an order that carries the code among its discount codes captures it; the
 * points come back (RELEASE) when an associate cancels the code, when no order used it within the hold, or when the
 * order that used it is cancelled. Locking: every change of a code happens with the row of the account it was taken
 * from locked (the purchaser's first when a purchase captures it), then the code re-read, so a capture and a release of
 * one code apply one after the other. Idempotency: a redemption's id derives from the customer and the caller's
 * Idempotency-Key; the ledger books one REDEMPTION and one RELEASE per redemption at most.
 */
@ApplicationScoped
public class Redemptions {

    private static final Logger LOG = Logger.getLogger(Redemptions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Crockford's base-32 letters: no I, L, O or U to misread at a till. */
    private static final char[] CODE_LETTERS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final String SOURCE = "loyalty";
    private static final int RELEASE_BATCH = 500;

    /** Why points come back, and from which status; the name also scopes the release's event ids. */
    private enum Release {
        CANCELLED(RedemptionStatus.HELD), UNUSED(RedemptionStatus.HELD), ORDER_CANCELLED(RedemptionStatus.CAPTURED);

        final RedemptionStatus from;

        Release(RedemptionStatus from) {
            this.from = from;
        }
    }

    @Inject
    RedemptionRules rules;
    @Inject
    LoyaltyRules programme;
    @Inject
    LoyaltyAccounts accounts;
    @Inject
    PointsLedger ledger;

    /**
     * Debits the points and issues a code for their value. A retry with the same Idempotency-Key answers the first
     * redemption; the same key for another amount is a conflict.
     */
    public Uni<PointsRedemption> redeem(String customerId, long points, String idempotencyKey, String requestedBy, Instant now) {
        Optional<String> invalid = rules.invalidAmount(points);
        if (invalid.isPresent()) {
            return Uni.createFrom().failure(new ProblemException(400, "invalid-redemption", "Invalid number of points", invalid.get()));
        }
        // a count, not a read of the account: locking an entity the session already holds unlocked trips Hibernate
        // Reactive's lock upgrade (it names the id property instead of its column)
        return Panache.withTransaction(() -> LoyaltyAccount.count("customerId", customerId)
                .chain(known -> known == 0 ? Uni.createFrom().failure(new ProblemException(404, "loyalty-account-not-found",
                        "Unknown loyalty account", "loyalty has no account for customer " + customerId))
                        : accounts.lockForUpdate(customerId, now))
                .chain(account -> {
                    String id = EventMetadataFactory.idempotentId(idempotencyKey, "loyalty-redemption", account.customerId);
                    return PointsRedemption.<PointsRedemption>findById(id).chain(earlier -> {
                        if (earlier != null) {
                            return earlier.points == points ? Uni.createFrom().item(earlier)
                                    : Uni.createFrom().failure(new ProblemException(409, "idempotency-key-reused",
                                            "Idempotency-Key already used", "this key redeemed " + earlier.points
                                                    + " points, not " + points));
                        }
                        if (!rules.covers(account.balance, points)) {
                            return Uni.createFrom().failure(new ProblemException(422, "insufficient-points", "Not enough points",
                                    "the balance is " + account.balance + " points; " + points + " were asked for"));
                        }
                        PointsRedemption redemption = new PointsRedemption();
                        redemption.redemptionId = id;
                        redemption.customerId = account.customerId;
                        redemption.code = newCode();
                        redemption.points = points;
                        redemption.discount = rules.discount(points);
                        redemption.currency = programme.currency();
                        redemption.status = RedemptionStatus.HELD;
                        redemption.holdExpiresAt = now.plus(rules.hold());
                        redemption.requestedBy = requestedBy;
                        redemption.createdAt = now;
                        redemption.updatedAt = now;
                        EventMetadata cause = EventMetadataFactory.origin(
                                EventMetadataFactory.derivedId("loyalty-redemption", id), now, SOURCE);
                        return redemption.<PointsRedemption>persist()
                                .call(() -> ledger.bookOnce(cause, account, LedgerKind.REDEMPTION, -points, id,
                                        "redeemed for " + redemption.discount.toPlainString() + " " + redemption.currency
                                                + " off (code " + redemption.code + ")",
                                        LoyaltyEventType.POINTS_REDEEMED, now));
                    });
                }));
    }

    /** A code by its text (case-insensitive); null when there is none. */
    public Uni<PointsRedemption> find(String code) {
        return PointsRedemption.<PointsRedemption>find("code", normalise(code)).firstResult();
    }

    /** An associate cancels an unused code: its points come back. A used code is a conflict (cancel the order instead). */
    public Uni<PointsRedemption> cancel(String code, Instant now) {
        return Panache.withTransaction(() -> find(code)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "redemption-not-found", "Unknown redemption code",
                        "no redemption has the code " + code))
                .chain(redemption -> release(redemption, Release.CANCELLED, "cancelled before use", now)));
    }

    /**
     * A purchase that carries codes among its discount codes captures them. Runs in the purchase's transaction, before
     * its points are earned; a purchase without codes costs nothing here.
     */
    public Uni<Void> captureBy(CustomerEvent purchase, Instant now) {
        List<String> codes = purchase.getPurchase() == null ? List.of()
                : purchase.getPurchase().getCouponCodes().stream().map(Redemptions::normalise).toList();
        if (codes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String orderId = purchase.getPurchase().getOrderId();
        return PointsRedemption.<PointsRedemption>list("code in ?1 and status = ?2", codes, RedemptionStatus.HELD)
                .chain(held -> held.isEmpty() ? Uni.createFrom().voidItem()
                        : accounts.lockForUpdate(purchase.getCustomerId(), now).chain(() -> Multi.createFrom().iterable(held)
                                .onItem().transformToUniAndConcatenate(redemption -> accounts.lockForUpdate(redemption.customerId, now)
                                        .chain(() -> Panache.getSession().chain(session -> session.refresh(redemption)))
                                        .invoke(() -> {
                                            if (redemption.status == RedemptionStatus.HELD) {
                                                redemption.status = RedemptionStatus.CAPTURED;
                                                redemption.orderId = orderId;
                                                redemption.updatedAt = now;
                                            } else {
                                                LOG.infof("code %s is %s; order %s cannot use it", redemption.code,
                                                        redemption.status, orderId);
                                            }
                                        }))
                                .collect().last().replaceWithVoid()));
    }

    /** The order that used codes was cancelled: their points come back. Runs in the cancellation's transaction. */
    public Uni<Void> orderCancelled(CustomerEvent cancellation, Instant now) {
        String orderId = cancellation.getOrder().getOrderId();
        return PointsRedemption.<PointsRedemption>list("orderId = ?1 and status = ?2", orderId, RedemptionStatus.CAPTURED)
                .chain(used -> Multi.createFrom().iterable(used)
                        .onItem().transformToUniAndConcatenate(redemption -> release(redemption, Release.ORDER_CANCELLED,
                                "order " + orderId + " cancelled", now))
                        .collect().last().replaceWithVoid());
    }

    @Scheduled(every = "{omniretail.loyalty.redemption.release-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void releaseUnusedNow() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> releaseUnused(Instant.now()));
    }

    /** Gives back the points of codes still unused when their hold ended, one transaction each; how many. */
    public Uni<Integer> releaseUnused(Instant now) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select redemptionId from PointsRedemption where status = :held and holdExpiresAt <= :now order by holdExpiresAt",
                        String.class).setParameter("held", RedemptionStatus.HELD).setParameter("now", now)
                        .setMaxResults(RELEASE_BATCH).getResultList()))
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> Panache.withTransaction(() -> PointsRedemption
                                .<PointsRedemption>findById(id)
                                .chain(redemption -> release(redemption, Release.UNUSED,
                                        "unused within " + rules.hold(), now))))
                        .collect().asList().map(List::size));
    }

    /**
     * Gives a code's points back once, under its account's lock, when it is still in the status the reason releases from.
     * Cancelling a used code is a conflict; otherwise a code in another status (released already, or captured while an
     * unused-code scan was on its way) stays as it is.
     */
    private Uni<PointsRedemption> release(PointsRedemption redemption, Release why, String reason, Instant now) {
        return accounts.lockForUpdate(redemption.customerId, now).chain(account -> Panache.getSession()
                .chain(session -> session.refresh(redemption))
                .chain(() -> {
                    if (redemption.status != why.from) {
                        return why == Release.CANCELLED && redemption.status == RedemptionStatus.CAPTURED
                                ? Uni.createFrom().failure(new ProblemException(409, "redemption-used", "Code already used",
                                        "order " + redemption.orderId + " used code " + redemption.code
                                                + "; cancelling the order gives the points back"))
                                : Uni.createFrom().item(redemption);
                    }
                    redemption.status = RedemptionStatus.RELEASED;
                    redemption.updatedAt = now;
                    EventMetadata cause = EventMetadataFactory.origin(
                            EventMetadataFactory.derivedId("loyalty-redemption", why.name(), redemption.redemptionId), now, SOURCE);
                    return ledger.bookOnce(cause, account, LedgerKind.RELEASE, redemption.points, redemption.redemptionId,
                            "code " + redemption.code + " " + reason, LoyaltyEventType.POINTS_RELEASED, now).replaceWith(redemption);
                }));
    }

    static String normalise(String code) {
        return code.strip().toUpperCase(Locale.ROOT);
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder("PT");
        for (int i = 0; i < 10; i++) {
            code.append(CODE_LETTERS[RANDOM.nextInt(CODE_LETTERS.length)]);
        }
        return code.toString();
    }
}
