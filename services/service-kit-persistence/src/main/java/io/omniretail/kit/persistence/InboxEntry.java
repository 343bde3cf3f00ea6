package io.omniretail.kit.persistence;

import java.io.Serializable;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/**
 * One event a consumer has settled, written in the same transaction as the state change it caused (APPLIED), or
 * alone when the consumer decided the event does not apply (NOT_APPLICABLE, with the reason). Pruned by the
 * relay after {@code omniretail.inbox.retention}, which must outlive the topics' retention.
 */
@Entity
@Table(name = "kit_inbox")
public class InboxEntry extends PanacheEntityBase {

    public enum Outcome {
        APPLIED, NOT_APPLICABLE
    }

    @Embeddable
    public record Key(@Column(name = "consumer") String consumer, @Column(name = "event_id") String eventId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    /** Why the event did not apply; null when APPLIED. */
    @Column(name = "outcome_reason")
    public String outcomeReason;

    static InboxEntry applied(Key key) {
        return of(key, Outcome.APPLIED, null);
    }

    static InboxEntry notApplicable(Key key, String reason) {
        return of(key, Outcome.NOT_APPLICABLE, reason);
    }

    private static InboxEntry of(Key key, Outcome outcome, String reason) {
        InboxEntry entry = new InboxEntry();
        entry.key = key;
        entry.processedAt = Instant.now();
        entry.outcome = outcome;
        entry.outcomeReason = reason;
        return entry;
    }
}
