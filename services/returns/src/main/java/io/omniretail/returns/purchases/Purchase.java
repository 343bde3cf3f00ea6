package io.omniretail.returns.purchases;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An order or store sale seen on the unified stream: what an associate's return request is checked against. */
@Entity
@Table(name = "purchase")
public class Purchase extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public String orderId;
    @Column(name = "customer_id")
    public String customerId;
    public String channel;
    public BigDecimal total;
    public String currency;
    @Column(name = "placed_at")
    public Instant placedAt;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
