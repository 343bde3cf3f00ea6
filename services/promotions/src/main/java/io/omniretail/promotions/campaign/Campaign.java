package io.omniretail.promotions.campaign;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A campaign, as data: what its coupons give, where and how long they redeem, when it runs, whom it targets, and how many
 * codes (one customer, in all) and how much discount it may give.
 */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {

    @Id
    @Column(name = "campaign_id")
    public String id;
    public String name;
    @Enumerated(EnumType.STRING)
    public CampaignKind kind;
    @Column(name = "code_prefix")
    public String codePrefix;
    /** PERCENT or FIXED_AMOUNT (io.omniretail.events.promotion.DiscountKind). */
    @Column(name = "discount_kind")
    public String discountKind;
    @Column(name = "discount_value")
    public BigDecimal discountValue;
    @Column(name = "discount_currency")
    public String discountCurrency;
    /** Null: the coupons never expire. */
    @Column(name = "validity_days")
    public Integer validityDays;
    /** Null: no per-customer cap. */
    @Column(name = "per_customer_cap")
    public Integer perCustomerCap;
    public boolean active;
    @Column(name = "created_at")
    public Instant createdAt;
    /** CEL over the profile (TARGETED only). */
    public String target;
    @Enumerated(EnumType.STRING)
    public CampaignChannel channel = CampaignChannel.ANY;
    /** Null: from its creation. */
    @Column(name = "starts_at")
    public Instant startsAt;
    /** Null: open-ended. */
    @Column(name = "ends_at")
    public Instant endsAt;
    /** Null: no limit on the number of codes. */
    @Column(name = "max_codes")
    public Integer maxCodes;
    /** The most the codes may give away, in the discount currency (fixed amounts); null: no budget. */
    public BigDecimal budget;
    @Column(name = "codes_issued")
    public int codesIssued;
    @Column(name = "launch_claimed_at")
    public Instant launchClaimedAt;
    @Column(name = "launched_at")
    public Instant launchedAt;
    @Column(name = "created_by")
    public String createdBy;

    /** Whether the campaign issues coupons at {@code now}: active, and inside its window. */
    public boolean runs(Instant now) {
        return active && (startsAt == null || !now.isBefore(startsAt)) && (endsAt == null || now.isBefore(endsAt));
    }

    /** Codes the count and the budget still allow; null when neither limits them. */
    public Integer codesLeft() {
        if (!limited()) {
            return null;
        }
        long byCount = maxCodes == null ? Long.MAX_VALUE : maxCodes - (long) codesIssued;
        long byBudget = budget == null ? Long.MAX_VALUE
                : budget.divideToIntegralValue(discountValue).longValue() - codesIssued;
        return (int) Math.max(0, Math.min(byCount, byBudget));
    }

    /** Whether a count or budget limits the codes, so issuing one reserves it first. */
    public boolean limited() {
        return maxCodes != null || budget != null;
    }
}
