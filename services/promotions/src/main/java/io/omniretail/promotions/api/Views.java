package io.omniretail.promotions.api;

import java.math.BigDecimal;
import java.time.Instant;

import io.omniretail.promotions.campaign.Campaign;
import io.omniretail.promotions.coupon.Coupon;
import io.omniretail.kit.persistence.audit.AboutCustomer;

/** What the REST API answers: coupons and campaigns, without the persistence types. */
public final class Views {

    private Views() {
    }

    public record DiscountView(String kind, BigDecimal value, String currency) {
    }

    /** status: ISSUED, REDEEMED or EXPIRED. */
    public record CouponView(String code, String campaignId, String customerId, String status, DiscountView discount,
            String issuedFor, Instant issuedAt, Instant validFrom, Instant validUntil, Instant redeemedAt,
            String redeemedOrderId) implements AboutCustomer {
    }

    public record CampaignView(String campaignId, String name, String kind, String target, String channel, DiscountView discount,
            Integer validityDays, Integer perCustomerCap, Integer maxCodes, BigDecimal budget, Instant startsAt, Instant endsAt,
            boolean active, boolean running, int codesIssued, Instant launchedAt, String createdBy) {
    }

    public static CouponView coupon(Coupon coupon, Instant now) {
        return new CouponView(coupon.code, coupon.campaignId, coupon.customerId, coupon.status(now),
                new DiscountView(coupon.discountKind, coupon.discountValue, coupon.discountCurrency), coupon.issuedFor,
                coupon.issuedAt, coupon.validFrom, coupon.validUntil, coupon.redeemedAt, coupon.redeemedOrderId);
    }

    public static CampaignView campaign(Campaign campaign) {
        return new CampaignView(campaign.id, campaign.name, campaign.kind.name(), campaign.target, campaign.channel.name(),
                new DiscountView(campaign.discountKind, campaign.discountValue, campaign.discountCurrency),
                campaign.validityDays, campaign.perCustomerCap, campaign.maxCodes, campaign.budget, campaign.startsAt,
                campaign.endsAt, campaign.active, campaign.runs(Instant.now()), campaign.codesIssued, campaign.launchedAt,
                campaign.createdBy);
    }
}
