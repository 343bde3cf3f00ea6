package io.omniretail.kit.persistence;

import java.time.Instant;
import java.util.Map;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An event to publish, stored with the state change that produced it (Avro binary, not yet framed). */
@Entity
@Table(name = "kit_outbox")
public class OutboxEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String topic;

    @Column(name = "record_key", nullable = false)
    public String recordKey;

    static final String TOMBSTONE = "tombstone";

    /** Generated Avro class of the payload, or {@value #TOMBSTONE}. */
    @Column(name = "value_type", nullable = false)
    public String valueType;

    @Column(columnDefinition = "bytea")
    public byte[] payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    /** Kafka headers of the record (a parked event's re-delivery names its consumer); null for none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, String> headers;

    /** Not published before then (a parked event's next attempt); null: as soon as possible. */
    @Column(name = "not_before")
    public Instant notBefore;
}
