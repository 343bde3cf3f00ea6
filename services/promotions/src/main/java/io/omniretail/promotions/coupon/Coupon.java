package io.omniretail.promotions.coupon;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

import io.omniretail.promotions.campaign.CampaignChannel;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One coupon held by one customer: single-use, with the campaign's terms as they were when it was issued. */
@Entity
@Table(name = "coupon")
public class Coupon extends PanacheEntityBase {

    @Id
    public String code;
    @Column(name = "campaign_id")
    public String campaignId;
    @Column(name = "customer_id")
    public String customerId;
    /** The first purchase's order id (welcome coupons) or the offer command's commandId. */
    @Column(name = "issued_for")
    public String issuedFor;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "discount_kind")
    public String discountKind;
    @Column(name = "discount_value")
    public BigDecimal discountValue;
    @Column(name = "discount_currency")
    public String discountCurrency;
    @Column(name = "valid_from")
    public Instant validFrom;
    @Column(name = "valid_until")
    public Instant validUntil;
    @Column(name = "redeemed_at")
    public Instant redeemedAt;
    @Column(name = "redeemed_order_id")
    public String redeemedOrderId;
    @Column(name = "redeemed_by_customer_id")
    public String redeemedByCustomerId;

    /** Set when the order the coupon was issued for was cancelled before the coupon was used. */
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revoked_reason")
    public String revokedReason;

    /** Where it redeems: the campaign's channel when it was issued. */
    @Enumerated(EnumType.STRING)
    public CampaignChannel channel = CampaignChannel.ANY;
    /** What the order that redeemed it paid, and where. */
    @Column(name = "redeemed_amount")
    public BigDecimal redeemedAmount;
    @Column(name = "redeemed_currency")
    public String redeemedCurrency;
    @Enumerated(EnumType.STRING)
    @Column(name = "redeemed_channel")
    public CampaignChannel redeemedChannel;

    /** Why an order placed at {@code placedAt} {@code where} cannot redeem it; empty when it can (or already did, on this order). */
    public Optional<CouponRefusal.Reason> refusal(String orderId, Instant placedAt, CampaignChannel where) {
        if (revokedAt != null) {
            return Optional.of(CouponRefusal.Reason.REVOKED);
        }
        if (redeemedAt != null) {
            return orderId.equals(redeemedOrderId) ? Optional.empty() : Optional.of(CouponRefusal.Reason.ALREADY_REDEEMED);
        }
        if (placedAt.isBefore(validFrom)) {
            return Optional.of(CouponRefusal.Reason.NOT_YET_VALID);
        }
        if (validUntil != null && !placedAt.isBefore(validUntil)) {
            return Optional.of(CouponRefusal.Reason.EXPIRED);
        }
        if (!channel.allows(where)) {
            return Optional.of(CouponRefusal.Reason.WRONG_CHANNEL);
        }
        return Optional.empty();
    }

    /** ISSUED, REDEEMED, REVOKED or EXPIRED at the given instant. */
    public String status(Instant now) {
        if (revokedAt != null) {
            return "REVOKED";
        }
        if (redeemedAt != null) {
            return "REDEEMED";
        }
        return validUntil != null && !now.isBefore(validUntil) ? "EXPIRED" : "ISSUED";
    }
}
