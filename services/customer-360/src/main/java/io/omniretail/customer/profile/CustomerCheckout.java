package io.omniretail.customer.profile;

import java.math.BigDecimal;
import java.time.Instant;

import io.omniretail.customer.prediction.CheckoutAbandonment;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A checkout a customer started (by its token) and whether it completed: the abandonment model's history and, while
 * open, its current risk. Moves to the survivor on a merge. Written under the customer's lock.
 */
@Entity
@Table(name = "customer_checkout")
public class CustomerCheckout extends PanacheEntityBase {

    @Id
    @Column(name = "checkout_token")
    public String token;
    @Column(name = "customer_id")
    public String customerId;
    @Enumerated(EnumType.STRING)
    public TouchpointChannel channel;
    @Column(name = "started_at")
    public Instant startedAt;
    /** The last activity before completing (a completion itself is not activity). */
    @Column(name = "last_activity_at")
    public Instant lastActivityAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    public BigDecimal total;
    public String currency;
    /** The customer's checkouts started before this one, and how many of those completed, when it started. */
    @Column(name = "earlier_checkouts")
    public int earlierCheckouts;
    @Column(name = "earlier_completed")
    public int earlierCompleted;
    @Column(name = "abandonment_risk")
    public Double abandonmentRisk;
    /** The idle milestone (hours) the risk was scored at. */
    @Column(name = "risk_idle_hours")
    public Double riskIdleHours;
    @Column(name = "risk_fit_id")
    public String riskFitId;
    @Column(name = "risk_scored_at")
    public Instant riskScoredAt;

    /** As the model reads it. */
    public CheckoutAbandonment.Checkout asModelInput() {
        return new CheckoutAbandonment.Checkout(token, startedAt, lastActivityAt, completedAt, channel.name(),
                total == null ? 0 : total.doubleValue(), earlierCheckouts, earlierCompleted);
    }
}
