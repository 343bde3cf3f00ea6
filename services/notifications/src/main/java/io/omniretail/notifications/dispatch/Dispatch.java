package io.omniretail.notifications.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.SmsEncoding;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One attempt to deliver a notification on one channel, rendered and complete: a QUEUED attempt holds everything its
 * DispatchMessage needs, so the pacer sends it without the request that caused it.
 */
@Entity
@Table(name = "dispatch")
public class Dispatch extends PanacheEntityBase {

    @Id
    @Column(name = "dispatch_id")
    public String dispatchId;
    @Column(name = "notification_id")
    public String notificationId;
    @Column(name = "customer_id")
    public String customerId;
    @Enumerated(EnumType.STRING)
    public ContactChannel channel;
    @Enumerated(EnumType.STRING)
    public ConsentPurpose purpose;
    public String language;
    public String recipient;
    public String subject;
    public String body;
    @Column(name = "text_body")
    public String textBody;
    @Column(name = "media_urls")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> mediaUrls;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> headers;
    public String sender;
    @Column(name = "sms_segments")
    public Integer smsSegments;
    @Column(name = "sms_encoding")
    @Enumerated(EnumType.STRING)
    public SmsEncoding smsEncoding;
    @Enumerated(EnumType.STRING)
    public DispatchStatus status;
    public int attempt;
    /** The event that caused this attempt (request, profile, receipt or release), for the message's causation. */
    @Column(name = "cause_event_id")
    public String causeEventId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
