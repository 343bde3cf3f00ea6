package io.omniretail.orchestration.definition;

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

/** One version of a journey as stored: its source and whether it takes entries. */
@Entity
@Table(name = "journey_definition")
public class StoredDefinition extends PanacheEntityBase {

    public enum Status {
        /** Takes new entries when it is the journey's newest version that is not retired. */
        ACTIVE,
        /** Takes no new entries; its running instances go on. */
        PAUSED,
        /** Takes no new entries; its running instances were exited. */
        RETIRED
    }

    public enum Origin {
        BUILT_IN, API
    }

    @Embeddable
    public record Key(@Column(name = "journey_id") String journeyId, @Column(name = "version") int version) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Enumerated(EnumType.STRING)
    public Origin origin;
    public String source;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "changed_at")
    public Instant changedAt;
}
