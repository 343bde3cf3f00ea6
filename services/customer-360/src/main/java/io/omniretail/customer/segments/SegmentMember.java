package io.omniretail.customer.segments;

import java.io.Serializable;
import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A customer in a segment, since when. */
@Entity
@Table(name = "customer_segment")
public class SegmentMember extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "customer_id") String customerId, @Column(name = "segment_id") String segmentId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(name = "entered_at")
    public Instant enteredAt;
}
