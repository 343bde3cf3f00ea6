package io.omniretail.loyalty.membership;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer's paid membership, current or last. Changed only with the customer's loyalty account locked. */
@Entity
@Table(name = "membership")
public class Membership extends PanacheEntityBase {

    public enum Status {
        ACTIVE, ENDED
    }

    @Id
    @Column(name = "customer_id")
    public String customerId;
    public String plan;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Whether the membership ran at {@code at}. */
    public boolean runsAt(Instant at) {
        return status == Status.ACTIVE && !at.isBefore(startedAt) && at.isBefore(endsAt);
    }
}
