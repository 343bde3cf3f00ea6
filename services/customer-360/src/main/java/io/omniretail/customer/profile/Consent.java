package io.omniretail.customer.profile;

import java.io.Serializable;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A customer's consent for one channel and purpose (transactional or marketing). */
@Entity
@Table(name = "customer_consent")
public class Consent extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "customer_id") String customerId, @Column(name = "channel") String channel,
            @Column(name = "purpose") String purpose) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public boolean granted;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Consent of(String customerId, String channel, String purpose, boolean granted, Instant at) {
        Consent consent = new Consent();
        consent.key = new Key(customerId, channel, purpose);
        consent.granted = granted;
        consent.updatedAt = at;
        return consent;
    }
}
