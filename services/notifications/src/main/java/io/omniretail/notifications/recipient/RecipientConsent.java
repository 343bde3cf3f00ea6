package io.omniretail.notifications.recipient;

import java.io.Serializable;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "recipient_consent")
public class RecipientConsent extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "customer_id") String customerId, @Column(name = "channel") String channel,
            @Column(name = "purpose") String purpose) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public boolean granted;

    public static RecipientConsent of(String customerId, String channel, String purpose, boolean granted) {
        RecipientConsent consent = new RecipientConsent();
        consent.key = new Key(customerId, channel, purpose);
        consent.granted = granted;
        return consent;
    }
}
