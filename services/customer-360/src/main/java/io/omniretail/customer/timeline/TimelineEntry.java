package io.omniretail.customer.timeline;

import java.time.Instant;
import java.util.Map;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One event of a customer's timeline, keyed by the event's own id (a redelivery finds it there). Written in the
 * transaction that applies the event; moved to the survivor when customers merge.
 */
@Entity
@Table(name = "timeline_entry")
public class TimelineEntry extends PanacheEntityBase {

    /** Which service's events the entry comes from. */
    public enum Kind {
        TOUCHPOINT, LOYALTY, PROMOTION, RETURN, NOTIFICATION
    }

    @Id
    @Column(name = "entry_id")
    public String entryId;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    /** The event's type within its kind: a TouchpointType, LoyaltyEventType, PromotionEventType, ReturnStatus or NotificationOutcome. */
    public String type;
    /** A TouchpointChannel for touchpoints, the ContactChannel of a notification; null where none applies. */
    public String channel;
    public String source;
    @Column(name = "store_id")
    public String storeId;
    /** One line for a person (English; the console renders its own from type and details). */
    public String summary;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> details;
}
