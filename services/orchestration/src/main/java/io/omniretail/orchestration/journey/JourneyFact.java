package io.omniretail.orchestration.journey;

import java.io.Serializable;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An event a journey may wait for, kept because it can arrive before the journey starts. */
@Entity
@Table(name = "journey_fact")
public class JourneyFact extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "kind") String kind, @Column(name = "reference") String reference) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(name = "customer_id")
    public String customerId;
    public String parameters;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
