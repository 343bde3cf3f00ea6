package io.omniretail.notifications.dispatch;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A withdrawal that overtook its request: the request is cancelled when it arrives (NotificationDispatcher). */
@Entity
@Table(name = "notification_withdrawal")
public class NotificationWithdrawal extends PanacheEntityBase {

    @Id
    @Column(name = "notification_id")
    public String notificationId;
    @Column(name = "customer_id")
    public String customerId;
    public String reason;
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
}
