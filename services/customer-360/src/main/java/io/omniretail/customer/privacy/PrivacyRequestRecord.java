package io.omniretail.customer.privacy;

import java.time.Instant;
import java.util.List;

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
 * A privacy request as received (one row per source event: its id is the touchpoint's), and the customer it names
 * if anybody holds its identifiers. The erase and export coordination works from these rows.
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

    /** RECEIVED: names a known customer; NO_SUCH_CUSTOMER: nobody holds its identifiers (or it concerns a shop). */
    public enum Status {
        RECEIVED, NO_SUCH_CUSTOMER
    }
}
