package io.omniretail.notifications.recipient;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How to reach one customer, kept from the latest profile customer-360 published. */
@Entity
@Table(name = "recipient")
public class Recipient extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "first_name")
    public String firstName;
    @Column(name = "last_name")
    public String lastName;
    public String locale;
    @Column(name = "time_zone")
    public String timeZone;
    @Column(name = "preferred_channel")
    public String preferredChannel;
    public String email;
    public String phone;
    @Column(name = "line_user_id")
    public String lineUserId;
    @Column(name = "push_token")
    public String pushToken;
    @Column(name = "profile_version")
    public long profileVersion;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The address on a channel, or null when we have none. */
    public String addressFor(String channel) {
        return switch (channel) {
            case "EMAIL" -> email;
            case "SMS" -> phone;
            case "LINE" -> lineUserId;
            case "PUSH" -> pushToken;
            default -> null;
        };
    }
}
