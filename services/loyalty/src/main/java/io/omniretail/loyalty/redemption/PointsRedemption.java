package io.omniretail.loyalty.redemption;

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
 * A code that spends points as money off one order. Its status changes only while its account's row is locked (see
 * {@link Redemptions}), so a release and a capture of the same code happen one after the other.
 */
@Entity
@Table(name = "points_redemption")
public class PointsRedemption extends PanacheEntityBase {

    @Id
    @Column(name = "redemption_id")
    public String redemptionId;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Column(nullable = false, unique = true)
    public String code;

    public long points;

    @Column(nullable = false)
    public BigDecimal discount;

    @Column(nullable = false)
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RedemptionStatus status;

    @Column(name = "order_id")
    public String orderId;

    @Column(name = "hold_expires_at", nullable = false)
    public Instant holdExpiresAt;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
