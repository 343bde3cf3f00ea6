package io.omniretail.notifications.dispatch;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One requested notification and where it stands. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    @Id
    @Column(name = "notification_id")
    public String notificationId;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "template_id")
    public String templateId;
    public String purpose;
    public String language;
    /** The request's parameters as a JSON object (kept to re-render on a fallback channel). */
    public String parameters;
    public String status;
    @Column(name = "correlation_id")
    public String correlationId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
