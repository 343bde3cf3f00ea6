package io.omniretail.orchestration.journey;

import java.time.Instant;

import io.omniretail.orchestration.definition.EventStream;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer's recent event, kept for waitFor steps that start after it arrived; pruned by {@link JourneyTimer}. */
@Entity
@Table(name = "journey_event")
public class RecentEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "customer_id")
    public String customerId;
    @Enumerated(EnumType.STRING)
    public EventStream stream;
    public long fingerprint;
    public byte[] payload;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "received_at")
    public Instant receivedAt;
}
