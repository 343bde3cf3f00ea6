package io.omniretail.orchestration.journey;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One customer's walk through one version of a journey; changed only under the customer's lock (JourneyEngine). */
@Entity
@Table(name = "journey_instance")
public class JourneyInstance extends PanacheEntityBase {

    public enum State {
        ACTIVE, COMPLETED,
        /** An exit event ended it, or its version was retired: nothing more goes out. */
        EXITED,
        /** It fell in a split's control group: no actions, but its goal is still tracked. */
        CONTROL
    }

    @Id
    @Column(name = "instance_id")
    public String instanceId;
    @Column(name = "journey_id")
    public String journeyId;
    @Column(name = "journey_version")
    public int journeyVersion;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "object_key")
    public String objectKey;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "step_id")
    public String stepId;
    @Column(name = "wake_at")
    public Instant wakeAt;
    @Column(name = "trigger_occurred_at")
    public Instant triggerOccurredAt;
    @Column(name = "correlation_id")
    public String correlationId;
    @Column(name = "entered_at")
    public Instant enteredAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "goal_until")
    public Instant goalUntil;
    @Column(name = "converted_at")
    public Instant convertedAt;

    void end(State end, Instant now) {
        state = end;
        stepId = null;
        wakeAt = null;
        endedAt = now;
    }
}
