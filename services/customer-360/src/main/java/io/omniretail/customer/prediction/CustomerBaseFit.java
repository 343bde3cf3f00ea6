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
 * One fit of the customer-base models as of a moment: on what history, what it found and how long it took. Its id
 * derives from its cause ("nightly:&lt;day&gt;" or "on-demand:&lt;instant&gt;"), so a second instance's nightly run of
 * the same day cannot store a second fit. Scoring uses the latest FITTED one.
 */
@Entity
@Table(name = "customer_base_fit")
public class CustomerBaseFit extends PanacheEntityBase {

    public enum Status {
        /** The models were fitted and the base scored with them. */
        FITTED,
        /** Too little history to fit (omniretail.predictions.min-*): the previous fit stays in use. */
        INSUFFICIENT_HISTORY
    }

    @Id
    @Column(name = "fit_id")
    public String id;
    /** The moment the histories were cut (T of every customer). */
    @Column(name = "as_of")
    public Instant asOf;
    @Enumerated(EnumType.STRING)
    public Status status;
    public int buyers;
    @Column(name = "repeat_buyers")
    public int repeatBuyers;
    @JdbcTypeCode(SqlTypes.JSON)
    public CustomerBaseModel model;
    @Column(name = "bg_nbd_log_likelihood")
    public Double bgNbdLogLikelihood;
    @Column(name = "gamma_gamma_log_likelihood")
    public Double gammaGammaLogLikelihood;
    /** Log-likelihood evaluations both optimisers used. */
    public int evaluations;
    @Column(name = "fit_millis")
    public long fitMillis;
    @Column(name = "customers_scored")
    public int customersScored;
}
