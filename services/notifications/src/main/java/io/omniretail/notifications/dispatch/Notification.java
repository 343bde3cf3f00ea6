package io.omniretail.notifications.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.NotificationOutcome;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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
    @Enumerated(EnumType.STRING)
    public ConsentPurpose purpose;
    public String language;
    /** The request's parameters (kept to render on a fallback channel or when a held message is released). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> parameters;
    @Column(name = "media_urls")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> mediaUrls;
    @Column(name = "requested_channel")
    @Enumerated(EnumType.STRING)
    public ContactChannel requestedChannel;
    @Enumerated(EnumType.STRING)
    public NotificationStatus status;
    @Column(name = "not_before")
    public Instant notBefore;
    @Column(name = "release_at")
    public Instant releaseAt;
    @Column(name = "hold_reason")
    @Enumerated(EnumType.STRING)
    public NotificationOutcome holdReason;
    public String detail;
    @Column(name = "correlation_id")
    public String correlationId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
