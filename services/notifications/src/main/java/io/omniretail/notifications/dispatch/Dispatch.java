package io.omniretail.notifications.dispatch;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One attempt to deliver a notification on one channel. */
@Entity
@Table(name = "dispatch")
public class Dispatch extends PanacheEntityBase {

    @Id
    @Column(name = "dispatch_id")
    public String dispatchId;
    @Column(name = "notification_id")
    public String notificationId;
    public String channel;
    public String recipient;
    public String subject;
    public String body;
    public String status;
    public int attempt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
