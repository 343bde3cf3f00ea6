package io.omniretail.kit.persistence;

import java.io.Serializable;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One event a consumer has applied; written in the same transaction as the state change it caused. */
@Entity
@Table(name = "kit_inbox")
public class InboxEntry extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "consumer") String consumer, @Column(name = "event_id") String eventId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    public static InboxEntry of(String consumer, String eventId) {
        InboxEntry entry = new InboxEntry();
        entry.key = new Key(consumer, eventId);
        entry.processedAt = Instant.now();
        return entry;
    }
}
