package io.omniretail.promotions.coupon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.promotion.Discount;
import io.omniretail.events.promotion.DiscountKind;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.promotion.PromotionEventType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.promotions.campaign.Campaign;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * Coupon lifecycle inside the caller's transaction (an {@code EventProcessor} handler): issue within the
 * per-customer cap, redeem once, revoke or release when an order is cancelled, move to the survivor of a merge. Every change that others must know about is
 * written to the outbox as a {@link PromotionEvent} keyed by the holder's customerId.
 *
 * <p>Caps are enforced by counting the customer's coupons of the campaign while holding a transaction-scoped
 * advisory lock on the customer ({@link #CUSTOMER_LOCKS}), so two events for one customer arriving on different topics
 * (a first purchase and an offer command) cannot both pass the count. {@link #issue}, {@link #redeem} and
 * {@link #cancelOrder} run holding it: the consumers name it to the kit's EventProcessor, which takes a batch's locks
 * in sorted order before any handler runs. {@link #reassign} takes the locks of every customer of a merge itself, in
 * sorted order.
 */
@ApplicationScoped
public class CouponService {

    public static final String SOURCE = "promotions";
    /** The advisory-lock namespace of a customer's coupons (the class comment). */
    public static final String CUSTOMER_LOCKS = "promotions.customer";

    /** What a consumer names to the kit so that its handlers run holding the event's customer's lock. */
    public static <T> EventProcessor.BatchLocks<T> customerLocks(Function<T, String> customerId) {
        return new EventProcessor.BatchLocks<>(CUSTOMER_LOCKS, customerId);
    }
    private static final Logger LOG = Logger.getLogger(CouponService.class);
    private static final int CODE_ATTEMPTS = 5;

    @Inject
    Outbox outbox;
    @Inject
    AdvisoryLocks locks;
    @Inject
    MeterRegistry meters;

    private final CouponCodes codes = new CouponCodes();

    /**
     * Issues a coupon of the campaign to the customer for the given reference (order id or commandId). Emits
     * nothing (null item) when a coupon of this campaign was already issued for that reference, or when the
     * customer's cap is reached.
     */
    public Uni<Coupon> issue(Campaign campaign, String customerId, String issuedFor, EventMetadata cause, Instant now) {
        return Coupon.<Coupon>find("campaignId = ?1 and issuedFor = ?2", campaign.id, issuedFor).<Coupon>firstResult()
                .chain(existing -> {
                    if (existing != null) {
                        LOG.debugf("campaign %s already issued coupon %s for %s", campaign.id, existing.code, issuedFor);
                        return Uni.createFrom().<Coupon>nullItem();
                    }
                    // revoked coupons (their order was cancelled) do not count: the customer's real first purchase earns one
                    return Coupon.count("campaignId = ?1 and customerId = ?2 and revokedAt is null", campaign.id, customerId).chain(held -> {
                        if (!CouponCaps.allows(campaign.perCustomerCap, held)) {
                            meters.counter("omniretail.promotions.coupons.capped", "campaign", campaign.id).increment();
                            LOG.infof("customer %s reached the cap (%d) of campaign %s; no coupon for %s", customerId,
                                    campaign.perCustomerCap, campaign.id, issuedFor);
                            return Uni.createFrom().<Coupon>nullItem();
                        }
                        return freshCode(campaign.codePrefix, CODE_ATTEMPTS)
                                .chain(code -> create(campaign, code, customerId, issuedFor, cause, now));
                    });
                });
    }

    private Uni<Coupon> create(Campaign campaign, String code, String customerId, String issuedFor, EventMetadata cause,
            Instant now) {
        Coupon coupon = new Coupon();
        coupon.code = code;
        coupon.campaignId = campaign.id;
        coupon.customerId = customerId;
        coupon.issuedFor = issuedFor;
        coupon.issuedAt = now;
        coupon.discountKind = campaign.discountKind;
        coupon.discountValue = campaign.discountValue;
        coupon.discountCurrency = campaign.discountCurrency;
        coupon.validFrom = now;
        coupon.validUntil = campaign.validityDays == null ? null : now.plus(Duration.ofDays(campaign.validityDays));
        PromotionEvent issued = event(coupon, PromotionEventType.COUPON_ISSUED, issuedFor,
                EventMetadataFactory.causedBy(cause, "coupon-issued:" + campaign.id, SOURCE, now));
        return coupon.persist()
                .chain(() -> outbox.enqueue(Topics.PROMOTIONS_EVENTS, customerId, issued))
                .invoke(() -> meters.counter("omniretail.promotions.coupons.issued", "campaign", campaign.id).increment())
                .replaceWith(coupon);
    }

    /** A code no coupon has yet: collisions are all but impossible (50 random bits), but checked anyway. */
    private Uni<String> freshCode(String prefix, int attemptsLeft) {
        String candidate = codes.next(prefix);
        return Coupon.<Coupon>findById(candidate).chain(taken -> {
            if (taken == null) {
                return Uni.createFrom().item(candidate);
            }
            if (attemptsLeft <= 1) {
                return Uni.createFrom().<String>failure(new IllegalStateException("no free coupon code for prefix " + prefix));
            }
            return freshCode(prefix, attemptsLeft - 1);
        });
    }

    /**
     * Marks the coupons behind the typed codes as redeemed on the order, once each. Codes that are not ours
     * (e.g. a shop-wide Shopify discount code) are ignored; a coupon already redeemed on another order is
     * reported but not redeemed twice (the discount was granted by the till or the shop, nothing to undo here).
     */
    public Uni<Void> redeem(List<String> typedCodes, String orderId, String redeemedBy, Instant placedAt, EventMetadata cause) {
        List<String> normalized = typedCodes.stream().map(CouponCodes::normalize).filter(Objects::nonNull)
                .filter(code -> !code.isEmpty()).distinct().toList();
        return Multi.createFrom().iterable(normalized)
                .onItem().transformToUniAndConcatenate(code -> redeemOne(code, orderId, redeemedBy, placedAt, cause))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> redeemOne(String code, String orderId, String redeemedBy, Instant placedAt, EventMetadata cause) {
        return Coupon.<Coupon>findById(code, LockModeType.PESSIMISTIC_WRITE).chain(coupon -> {
            if (coupon == null) {
                LOG.debugf("order %s used code %s, which is not a coupon of ours", orderId, code);
                return Uni.createFrom().voidItem();
            }
            if (coupon.revokedAt != null) {
                meters.counter("omniretail.promotions.coupons.revoked.used", "campaign", coupon.campaignId).increment();
                LOG.warnf("order %s used coupon %s, revoked at %s (%s); the discount was granted, the coupon stays revoked",
                        orderId, code, coupon.revokedAt, coupon.revokedReason);
                return Uni.createFrom().voidItem();
            }
            if (coupon.redeemedAt != null) {
                if (!orderId.equals(coupon.redeemedOrderId)) {
                    meters.counter("omniretail.promotions.coupons.reused", "campaign", coupon.campaignId).increment();
                    LOG.warnf("coupon %s was redeemed on order %s already; order %s used it again", code,
                            coupon.redeemedOrderId, orderId);
                }
                return Uni.createFrom().voidItem();
            }
            if (coupon.validUntil != null && !placedAt.isBefore(coupon.validUntil)) {
                LOG.warnf("coupon %s redeemed on order %s after it expired at %s", code, orderId, coupon.validUntil);
            }
            if (!coupon.customerId.equals(redeemedBy)) {
                LOG.infof("coupon %s of customer %s redeemed by customer %s on order %s", code, coupon.customerId,
                        redeemedBy, orderId);
            }
            coupon.redeemedAt = placedAt;
            coupon.redeemedOrderId = orderId;
            coupon.redeemedByCustomerId = redeemedBy;
            PromotionEvent redeemed = event(coupon, PromotionEventType.COUPON_REDEEMED, orderId,
                    EventMetadataFactory.causedBy(cause, "coupon-redeemed:" + code, SOURCE, placedAt));
            return outbox.enqueue(Topics.PROMOTIONS_EVENTS, coupon.customerId, redeemed)
                    .invoke(() -> meters.counter("omniretail.promotions.coupons.redeemed", "campaign", coupon.campaignId).increment());
        });
    }

    /**
     * An order was cancelled: the coupons issued for it and not used yet are revoked, and those redeemed on it are
     * released (usable again, as the shop gives the discount back with the order). Once per order: a repeated
     * cancellation finds nothing left to change.
     */
    public Uni<Void> cancelOrder(String orderId, String customerId, String reason, EventMetadata cause, Instant now) {
        return Coupon.<Coupon>list("issuedFor = ?1 and redeemedAt is null and revokedAt is null", orderId)
                .chain(issued -> Multi.createFrom().iterable(issued).onItem().transformToUniAndConcatenate(coupon -> {
                    coupon.revokedAt = now;
                    coupon.revokedReason = reason;
                    meters.counter("omniretail.promotions.coupons.revoked", "campaign", coupon.campaignId).increment();
                    return outbox.enqueue(Topics.PROMOTIONS_EVENTS, coupon.customerId, event(coupon, PromotionEventType.COUPON_REVOKED,
                            orderId, EventMetadataFactory.causedBy(cause, "coupon-revoked:" + coupon.code, SOURCE, now)));
                }).collect().last())
                .chain(() -> Coupon.<Coupon>list("redeemedOrderId = ?1", orderId))
                .chain(redeemed -> Multi.createFrom().iterable(redeemed).onItem().transformToUniAndConcatenate(coupon -> {
                    coupon.redeemedAt = null;
                    coupon.redeemedOrderId = null;
                    coupon.redeemedByCustomerId = null;
                    return outbox.enqueue(Topics.PROMOTIONS_EVENTS, coupon.customerId, event(coupon, PromotionEventType.COUPON_RELEASED,
                            orderId, EventMetadataFactory.causedBy(cause, "coupon-released:" + coupon.code, SOURCE, now)));
                }).collect().last())
                .replaceWithVoid();
    }

    /** Moves every coupon of the merged customers to the survivor; returns how many moved. */
    public Uni<Integer> reassign(String survivorId, Collection<String> mergedIds) {
        List<String> from = mergedIds.stream().filter(id -> !id.equals(survivorId)).distinct().toList();
        if (from.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<String> all = new ArrayList<>(from);
        all.add(survivorId);
        return locks.lockForTransaction(CUSTOMER_LOCKS, all)
                .chain(() -> Coupon.update("customerId = ?1 where customerId in ?2", survivorId, from));
    }

    static PromotionEvent event(Coupon coupon, PromotionEventType type, String reference, EventMetadata metadata) {
        return PromotionEvent.newBuilder()
                .setMetadata(metadata)
                .setCustomerId(coupon.customerId)
                .setType(type)
                .setCampaignId(coupon.campaignId)
                .setCouponCode(coupon.code)
                .setDiscount(Discount.newBuilder()
                        .setKind(DiscountKind.valueOf(coupon.discountKind))
                        .setValue(coupon.discountValue.setScale(4))
                        .setCurrency(coupon.discountCurrency)
                        .build())
                .setValidFrom(coupon.validFrom)
                .setValidUntil(coupon.validUntil)
                .setReference(reference)
                .build();
    }
}
