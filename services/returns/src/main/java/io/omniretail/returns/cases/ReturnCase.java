package io.omniretail.returns.cases;

import java.math.BigDecimal;
import java.time.Instant;

import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A return case (RMA). Its lines are {@link ReturnCaseLine}s. */
@Entity
@Table(name = "return_case")
public class ReturnCase extends PanacheEntityBase {

    @Id
    @Column(name = "return_case_id")
    public String id;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "order_id")
    public String orderId;
    /** {@link ReturnOrigin} name. */
    public String origin;
    /** {@link ReturnStatus} name. */
    public String status;
    public String reason;
    @Column(name = "rejection_reason")
    public String rejectionReason;
    @Column(name = "refund_amount")
    public BigDecimal refundAmount;
    public String currency;
    @Column(name = "source_refund_id")
    public String sourceRefundId;
    /** The return's id at the source, for a case that follows a return the shop manages (Shopify returns). */
    @Column(name = "source_return_id")
    public String sourceReturnId;
    @Column(name = "label_url")
    public String labelUrl;
    @Column(name = "tracking_number")
    public String trackingNumber;
    public String carrier;
    /** An exchange: replacement minus the returned lines' value (+ the customer pays, - they get it back). */
    @Column(name = "price_difference")
    public BigDecimal priceDifference;
    @Column(name = "correlation_id")
    public String correlationId;
    @Column(name = "last_event_id")
    public String lastEventId;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public ReturnStatus currentStatus() {
        return ReturnStatus.valueOf(status);
    }

    public ReturnOrigin originValue() {
        return ReturnOrigin.valueOf(origin);
    }
}
