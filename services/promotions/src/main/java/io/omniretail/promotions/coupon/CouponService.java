package io.omniretail.promotions.coupon;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
import io.omniretail.promotions.campaign.CampaignChannel;
import io.quarkus.hibernate.reactive.panache.Panache;
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
                    if (!campaign.runs(now)) {
                        meters.counter("omniretail.promotions.coupons.not-running", "campaign", campaign.id).increment();
                        LOG.infof("campaign %s does not run at %s (paused or outside its window); no coupon for %s",
                                campaign.id, now, issuedFor);
                        return Uni.createFrom().<Coupon>nullItem();
                    }
                    return Coupon.count("campaignId = ?1 and customerId = ?2 and revokedAt is null", campaign.id, customerId).chain(held -> {
                        if (!CouponCaps.allows(campaign.perCustomerCap, held)) {
                            meters.counter("omniretail.promotions.coupons.capped", "campaign", campaign.id).increment();
                            LOG.infof("customer %s reached the cap (%d) of campaign %s; no coupon for %s", customerId,
                                    campaign.perCustomerCap, campaign.id, issuedFor);
                            return Uni.createFrom().<Coupon>nullItem();
                        }
                        return reserve(campaign).chain(reserved -> {
                            if (!reserved) {
                                meters.counter("omniretail.promotions.coupons.exhausted", "campaign", campaign.id).increment();
                                LOG.infof("campaign %s has issued all its codes or spent its budget; no coupon for %s",
                                        campaign.id, issuedFor);
                                return Uni.createFrom().<Coupon>nullItem();
                            }
                            return freshCode(campaign.codePrefix, CODE_ATTEMPTS)
                                    .chain(code -> create(campaign, code, customerId, issuedFor, cause, now));
                        });
                    });
                });
    }

    /**
     * Takes one of a limited campaign's codes, atomically: the conditional update holds the campaign's row until the
     * transaction ends, so two transactions cannot both take the last code. Campaigns without a limit skip it, and do
     * not serialise their issues on one row. Revoked coupons keep their reservation: the limit is never exceeded.
     */
    private Uni<Boolean> reserve(Campaign campaign) {
        if (!campaign.limited()) {
            return Uni.createFrom().item(true);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE campaign SET codes_issued = codes_issued + 1
                        WHERE campaign_id = ?1 AND (max_codes IS NULL OR codes_issued < max_codes)
                          AND (budget IS NULL OR (codes_issued + 1) * discount_value <= budget)""")
                .setParameter(1, campaign.id).executeUpdate()).map(updated -> updated == 1);
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
        coupon.channel = campaign.channel;
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
     * Marks the coupons behind the typed codes as redeemed on the order, once each, with what the order paid and where.
     * Codes that are not ours (e.g. a shop-wide Shopify discount code) are ignored. A use the coupon does not allow
     * (revoked, used on another order, expired, not yet valid, the wrong channel) is recorded as a refusal, once per
     * code and order: the till or the shop may have given the discount, nothing to undo here.
     */
    public Uni<Void> redeem(List<String> typedCodes, Order order, EventMetadata cause) {
        List<String> normalized = typedCodes.stream().map(CouponCodes::normalize).filter(Objects::nonNull)
                .filter(code -> !code.isEmpty()).distinct().toList();
        return Multi.createFrom().iterable(normalized)
                .onItem().transformToUniAndConcatenate(code -> redeemOne(code, order, cause))
                .collect().last().replaceWithVoid();
    }

    /** The order a purchase redeems codes on: its id, buyer, time, total and where it was placed. */
    public record Order(String orderId, String customerId, Instant placedAt, BigDecimal total, String currency,
            CampaignChannel where) {
    }

    private Uni<Void> redeemOne(String code, Order order, EventMetadata cause) {
        return Coupon.<Coupon>findById(code, LockModeType.PESSIMISTIC_WRITE).chain(coupon -> {
            if (coupon == null) {
                LOG.debugf("order %s used code %s, which is not a coupon of ours", order.orderId(), code);
                return Uni.createFrom().voidItem();
            }
            if (order.orderId().equals(coupon.redeemedOrderId)) {
                return Uni.createFrom().voidItem();
            }
            Optional<CouponRefusal.Reason> refusal = coupon.refusal(order.orderId(), order.placedAt(), order.where());
            if (refusal.isPresent()) {
                return refuse(coupon, order, refusal.get());
            }
            if (!coupon.customerId.equals(order.customerId())) {
                LOG.infof("coupon %s of customer %s redeemed by customer %s on order %s", code, coupon.customerId,
                        order.customerId(), order.orderId());
            }
            coupon.redeemedAt = order.placedAt();
            coupon.redeemedOrderId = order.orderId();
            coupon.redeemedByCustomerId = order.customerId();
            coupon.redeemedAmount = order.total();
            coupon.redeemedCurrency = order.currency();
            coupon.redeemedChannel = order.where();
            PromotionEvent redeemed = event(coupon, PromotionEventType.COUPON_REDEEMED, order.orderId(),
                    EventMetadataFactory.causedBy(cause, "coupon-redeemed:" + code, SOURCE, order.placedAt()));
            return outbox.enqueue(Topics.PROMOTIONS_EVENTS, coupon.customerId, redeemed)
                    .invoke(() -> meters.counter("omniretail.promotions.coupons.redeemed", "campaign", coupon.campaignId).increment());
        });
    }

    private Uni<Void> refuse(Coupon coupon, Order order, CouponRefusal.Reason reason) {
        CouponRefusal.Key key = new CouponRefusal.Key(coupon.code, order.orderId());
        return CouponRefusal.<CouponRefusal>findById(key).chain(known -> {
            if (known != null) {
                return Uni.createFrom().voidItem();
            }
            meters.counter("omniretail.promotions.coupons.refused", "campaign", coupon.campaignId, "reason", reason.name()).increment();
            LOG.infof("order %s used coupon %s, which it cannot redeem: %s", order.orderId(), coupon.code, reason);
            CouponRefusal refused = new CouponRefusal();
            refused.key = key;
            refused.customerId = order.customerId();
            refused.reason = reason;
            refused.refusedAt = order.placedAt();
            return refused.persist().replaceWithVoid();
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
                    coupon.redeemedAmount = null;
                    coupon.redeemedCurrency = null;
                    coupon.redeemedChannel = null;
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
