package io.omniretail.orchestration.journey;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer's latest profile as customer-360 published it, for journey expressions ({@code profile}, {@code segments}). */
@Entity
@Table(name = "journey_customer")
public class CustomerView extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "profile_version")
    public long profileVersion;
    public long fingerprint;
    public byte[] payload;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
