package io.omniretail.customer.profile;

import java.io.Serializable;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An edge of the identity graph: a normalized identifier and the customer it belongs to. */
@Entity
@Table(name = "customer_identifier")
public class KnownIdentifier extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "type") String type, @Column(name = "value") String value) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(name = "customer_id")
    public String customerId;
    public boolean verified;
    @Column(name = "first_seen_at")
    public Instant firstSeenAt;

    public static KnownIdentifier of(String type, String value, String customerId, boolean verified, Instant now) {
        KnownIdentifier identifier = new KnownIdentifier();
        identifier.key = new Key(type, value);
        identifier.customerId = customerId;
        identifier.verified = verified;
        identifier.firstSeenAt = now;
        return identifier;
    }
}
