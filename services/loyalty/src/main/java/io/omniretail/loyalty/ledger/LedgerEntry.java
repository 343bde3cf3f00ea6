package io.omniretail.loyalty.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import org.hibernate.annotations.Immutable;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.kit.EventMetadataFactory;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One immutable row of the points ledger (corrections are new rows; the table rejects updates). Its id is
 * derived from the event that caused it, so reprocessing that event can only produce the same row.
 */
@Entity
@Immutable
@Table(name = "points_ledger")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    @Column(name = "entry_id")
    public String entryId;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public LedgerKind kind;

    /** Signed: positive credits the account, negative debits it. */
    public long points;

    /** The business object, unique per kind (see {@link LedgerKind}). */
    @Column(nullable = false)
    public String reference;

    @Column(name = "order_id")
    public String orderId;

    public String reason;

    /** Signed spend in the programme currency: + a purchase total, - the refunded part of it. */
    @Column(name = "purchase_spend", nullable = false)
    public BigDecimal purchaseSpend = BigDecimal.ZERO;

    public String currency;

    /** When the spend counts for the rolling tier window: the purchase's time, also on its reversals. */
    @Column(name = "spend_at")
    public Instant spendAt;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "cause_event_id", nullable = false)
    public String causeEventId;

    /** A new entry whose id is derived from the cause and what the entry is (stable across replays). */
    static LedgerEntry of(EventMetadata cause, LedgerKind kind, String customerId, long points, String reference,
            String reason, Instant occurredAt, Instant now) {
        LedgerEntry entry = new LedgerEntry();
        entry.entryId = EventMetadataFactory.derivedId(cause.getEventId(), "loyalty-ledger", kind.name(), reference);
        entry.customerId = customerId;
        entry.kind = kind;
        entry.points = points;
        entry.reference = reference;
        entry.reason = reason;
        entry.occurredAt = occurredAt;
        entry.recordedAt = now;
        entry.causeEventId = cause.getEventId();
        return entry;
    }

    /** Attaches the order and its (signed) spend, for EARN and REVERSAL entries. */
    LedgerEntry withSpend(String orderId, BigDecimal spend, String currency, Instant spendAt) {
        this.orderId = orderId;
        this.purchaseSpend = spend;
        this.currency = currency;
        this.spendAt = spendAt;
        return this;
    }

    static Uni<LedgerEntry> findByReference(LedgerKind kind, String reference) {
        return find("kind = ?1 and reference = ?2", kind, reference).firstResult();
    }

    static Uni<Boolean> exists(LedgerKind kind, String reference) {
        return count("kind = ?1 and reference = ?2", kind, reference).map(count -> count > 0);
    }
}
