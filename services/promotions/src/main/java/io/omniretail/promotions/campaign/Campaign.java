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

/** A campaign, as data: what its coupons give, how long they are valid and how many one customer may get. */
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
}
