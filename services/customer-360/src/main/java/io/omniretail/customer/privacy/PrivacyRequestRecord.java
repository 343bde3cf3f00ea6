package io.omniretail.customer.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.omniretail.events.touchpoint.PrivacyRequestKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A privacy request as received (one row per source event: its id is the touchpoint's; an admin's has its own), the
 * customer it names if anybody holds its identifiers, and how its coordination stands (PrivacyCoordinator).
 */
@Entity
@Table(name = "privacy_request")
public class PrivacyRequestRecord extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public String requestId;
    @Enumerated(EnumType.STRING)
    public PrivacyRequestKind kind;
    @Column(name = "source_system")
    public String sourceSystem;
    public String shop;
    @Column(name = "source_request_id")
    public String sourceRequestId;
    @Column(name = "customer_id")
    public String customerId;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "order_ids")
    public List<String> orderIds;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "received_at")
    public Instant receivedAt;
    /** Every customer id of the person, the survivor first; emptied when an erase completes. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "customer_ids")
    public List<String> customerIds = List.of();
    @Column(name = "due_by")
    public Instant dueBy;
    @Column(name = "completed_at")
    public Instant completedAt;
    /** The admin who asked; null for a source's webhook. */
    @Column(name = "requested_by")
    public String requestedBy;
    /** EXPORT, once complete: every participant's part. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "export_document")
    public Map<String, Object> exportDocument;

    /**
     * RECEIVED: names a known customer, not acted on (a shop's erase); NO_SUCH_CUSTOMER: nobody holds its
     * identifiers; IN_PROGRESS: commands sent, answers awaited; COMPLETED: every participant answered.
     */
    public enum Status {
        RECEIVED, NO_SUCH_CUSTOMER, IN_PROGRESS, COMPLETED
    }
}
