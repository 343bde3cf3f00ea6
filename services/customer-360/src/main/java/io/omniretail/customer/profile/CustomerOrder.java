package io.omniretail.customer.profile;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An order (online or a store sale) and its buyer: refunds, fulfilments and returns are resolved through it. */
@Entity
@Table(name = "customer_order")
public class CustomerOrder extends PanacheEntityBase {

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
    @Enumerated(EnumType.STRING)
    public Status status;
    /** The store receipt the purchase was rung up under ('store:receipt'), if a till printed one. */
    @Column(name = "receipt_reference")
    public String receiptReference;
    /** For a DUPLICATE: the order that reported the same receipt first. */
    @Column(name = "same_as")
    public String sameAs;
    /** What was refunded of it so far (in its currency): the rolling 12-month spend is net of refunds. */
    public BigDecimal refunded = BigDecimal.ZERO;
    /** The checkout the order completed (Shopify checkout_token), if the source named one. */
    @Column(name = "checkout_token")
    public String checkoutToken;
    /** The store of a store sale. */
    @Column(name = "store_id")
    public String storeId;

    /**
     * PLACED: seen, not paid yet; PURCHASED: counted in the customer's statistics; CANCELLED: never (again) counted;
     * DUPLICATE: the same purchase as {@link #sameAs} reported through another path, never counted.
     */
    public enum Status {
        PLACED, PURCHASED, CANCELLED, DUPLICATE
    }
}
