package io.omniretail.orchestration.journey;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "journey_instance")
public class JourneyInstance extends PanacheEntityBase {

    @Id
    @Column(name = "instance_id")
    public String instanceId;
    @Column(name = "journey_id")
    public String journeyId;
    @Column(name = "journey_version")
    public int journeyVersion;
    @Column(name = "customer_id")
    public String customerId;
    public String reference;
    public String state;
    @Column(name = "waits_for")
    public String waitsFor;
    public String parameters;
    @Column(name = "cause_event_id")
    public String causeEventId;
    @Column(name = "correlation_id")
    public String correlationId;
    public String traceparent;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;
}
