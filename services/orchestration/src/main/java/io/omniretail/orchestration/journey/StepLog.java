package io.omniretail.orchestration.journey;

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

/** A step an instance took, and how it came out: the per-step counts of a journey. */
@Entity
@Table(name = "journey_step_log")
public class StepLog extends PanacheEntityBase {

    public enum Outcome {
        /** An action went out, or a wait ran its course. */
        DONE,
        /** The awaited event came. */
        MATCHED,
        /** The awaited event did not come in time. */
        TIMED_OUT,
        /** The time to wait until could not be computed. */
        MISSING,
        /** A branch's condition held. */
        TAKEN,
        /** A branch's condition did not hold (or could not be evaluated). */
        NOT_TAKEN,
        CONTROL, TREATMENT,
        /** A choose step took an option ({@link #detail}). */
        CHOSEN,
        /** A choose step found no option worth taking. */
        NONE_ELIGIBLE
    }

    @Embeddable
    public record Key(@Column(name = "instance_id") String instanceId, @Column(name = "step_id") String stepId) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(name = "journey_id")
    public String journeyId;
    @Column(name = "journey_version")
    public int journeyVersion;
    @Enumerated(EnumType.STRING)
    public Outcome outcome;
    public Instant at;
    /** A choose step's option: the one taken, or (CONTROL) the one the control group would have had. */
    public String detail;
    /** That option's expected value net of its cost. */
    @Column(name = "expected_value")
    public Double expectedValue;
}
