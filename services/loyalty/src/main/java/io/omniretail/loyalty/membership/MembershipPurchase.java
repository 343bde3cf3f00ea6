package io.omniretail.loyalty.membership;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An order that bought membership terms: it buys them once, and its cancellation takes them back once. */
@Entity
@Table(name = "membership_purchase")
public class MembershipPurchase extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public String orderId;
    @Column(name = "customer_id")
    public String customerId;
    public String plan;
    public int terms;
    @Column(name = "paid_at")
    public Instant paidAt;
    @Column(name = "cancelled_at")
    public Instant cancelledAt;
}
