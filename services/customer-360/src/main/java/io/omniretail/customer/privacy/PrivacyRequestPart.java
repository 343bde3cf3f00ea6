package io.omniretail.customer.privacy;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One participant's answer to a privacy request; at most one per participant (the key). */
@Entity
@Table(name = "privacy_request_part")
public class PrivacyRequestPart extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "request_id") String requestId, @Column(name = "participant") String participant)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "erased_rows")
    public Map<String, Long> erasedRows;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "export_part")
    public Map<String, Object> exportPart;
    @Column(name = "answered_at")
    public Instant answeredAt;
}
