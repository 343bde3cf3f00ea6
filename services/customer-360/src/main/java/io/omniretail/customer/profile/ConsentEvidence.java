package io.omniretail.customer.profile;

import java.io.Serializable;
import java.time.Instant;

import io.omniretail.events.customer.ConsentSource;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** One explicit consent decision as it was received (append-only; {@link Consent} keeps the current one). */
@Entity
@Table(name = "consent_evidence")
public class ConsentEvidence extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "event_id") String eventId, @Column(name = "channel") String channel,
            @Column(name = "purpose") String purpose) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(name = "customer_id")
    public String customerId;
    public boolean granted;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Enumerated(EnumType.STRING)
    public ConsentSource source;
    @Column(name = "text_version")
    public String textVersion;
    public String actor;
    @Column(name = "opt_in_level")
    public String optInLevel;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
