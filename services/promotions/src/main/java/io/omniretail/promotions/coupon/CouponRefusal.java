package io.omniretail.promotions.coupon;

import java.io.Serializable;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/**
 * An order carried one of our codes, and the coupon could not be redeemed on it: a business outcome kept for the
 * campaign's results (never dead-lettered). The till or the shop may already have given the discount; this is how the
 * retailer learns of it. Once per code and order.
 */
@Entity
@Table(name = "coupon_refusal")
public class CouponRefusal extends PanacheEntityBase {

    public enum Reason {
        EXPIRED, NOT_YET_VALID, WRONG_CHANNEL, REVOKED, ALREADY_REDEEMED
    }

    @Embeddable
    public record Key(@Column(name = "code") String code, @Column(name = "order_id") String orderId) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(name = "customer_id")
    public String customerId;
    @Enumerated(EnumType.STRING)
    public Reason reason;
    @Column(name = "refused_at")
    public Instant refusedAt;
}
