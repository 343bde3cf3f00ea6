package io.omniretail.customer.profile;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The golden record of one customer. */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String id;
    @Column(name = "first_name")
    public String firstName;
    @Column(name = "last_name")
    public String lastName;
    public String locale = "en";
    @Column(name = "time_zone")
    public String timeZone = "UTC";
    @Column(name = "preferred_channel")
    public String preferredChannel;
    @Column(name = "purchase_count")
    public int purchaseCount;
    @Column(name = "online_purchase_count")
    public int onlinePurchaseCount;
    @Column(name = "store_purchase_count")
    public int storePurchaseCount;
    @Column(name = "lifetime_spend")
    public BigDecimal lifetimeSpend;
    @Column(name = "spend_currency")
    public String spendCurrency;
    @Column(name = "first_purchase_at")
    public Instant firstPurchaseAt;
    @Column(name = "last_purchase_at")
    public Instant lastPurchaseAt;
    /** When the source last changed the profile it sent; older profile deliveries do not overwrite. */
    @Column(name = "profile_source_updated_at")
    public Instant profileSourceUpdatedAt;
    @Column(name = "merged_into")
    public String mergedInto;
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Customer create(String id, Instant now) {
        Customer customer = new Customer();
        customer.id = id;
        customer.createdAt = now;
        customer.updatedAt = now;
        return customer;
    }
}
