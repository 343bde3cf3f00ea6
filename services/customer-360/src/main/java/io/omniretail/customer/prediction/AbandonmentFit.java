package io.omniretail.customer.prediction;

import java.time.Instant;

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
 * One fit of the abandonment model (ADR 0029): on how many closed checkouts, the coefficients and the held-out
 * evaluation. Its id derives from its cause, as {@link CustomerBaseFit}'s; scoring uses the latest FITTED one.
 */
@Entity
@Table(name = "abandonment_fit")
public class AbandonmentFit extends PanacheEntityBase {

    @Id
    @Column(name = "fit_id")
    public String id;
    @Column(name = "as_of")
    public Instant asOf;
    @Enumerated(EnumType.STRING)
    public CustomerBaseFit.Status status;
    /** Closed checkouts the model learnt from. */
    public int checkouts;
    @JdbcTypeCode(SqlTypes.JSON)
    public CheckoutAbandonment.AbandonmentModel model;
    /** The held-out AUC and Brier score (also in the model's evaluation), as columns to chart them over time. */
    public Double auc;
    public Double brier;
    @Column(name = "fit_millis")
    public long fitMillis;
}
