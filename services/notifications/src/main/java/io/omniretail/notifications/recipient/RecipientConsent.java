package io.omniretail.notifications.recipient;

import java.io.Serializable;
import java.time.Instant;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** The customer's decision for one channel and purpose, and when they took it (the newest decision wins). */
@Entity
@Table(name = "recipient_consent")
public class RecipientConsent extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "customer_id") String customerId,
            @Column(name = "channel") @Enumerated(EnumType.STRING) ContactChannel channel,
            @Column(name = "purpose") @Enumerated(EnumType.STRING) ConsentPurpose purpose) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public boolean granted;
    @Column(name = "decided_at")
    public Instant decidedAt;

    public static RecipientConsent of(String customerId, ContactChannel channel, ConsentPurpose purpose, boolean granted, Instant decidedAt) {
        RecipientConsent consent = new RecipientConsent();
        consent.key = new Key(customerId, channel, purpose);
        consent.granted = granted;
        consent.decidedAt = decidedAt;
        return consent;
    }
}
