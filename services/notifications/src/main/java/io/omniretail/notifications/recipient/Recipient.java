package io.omniretail.notifications.recipient;

import java.time.Instant;
import java.time.ZoneId;

import io.omniretail.events.customer.ContactChannel;
import io.omniretail.kit.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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
    /** As customer-360 resolved it (profile, then the address's or the phone's country); UTC when it knows nothing. */
    @Column(name = "time_zone")
    public String timeZone;
    @Column(name = "preferred_channel")
    @Enumerated(EnumType.STRING)
    public ContactChannel preferredChannel;
    public String email;
    public String phone;
    @Column(name = "line_user_id")
    public String lineUserId;
    @Column(name = "push_token")
    public String pushToken;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "profile_version")
    public long profileVersion;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The customer's recipient, or a 404 problem when their profile has not reached notifications (or was erased). */
    public static Uni<Recipient> required(String customerId) {
        return Recipient.<Recipient>findById(customerId).onItem().ifNull().failWith(() -> new ProblemException(404,
                "recipient-not-found", "Recipient not found", "notifications has no profile of customer " + customerId));
    }

    /** The address on a channel, or null when we have none. */
    public String addressFor(ContactChannel channel) {
        return switch (channel) {
            case EMAIL -> email;
            case SMS, VOICE -> phone;
            case LINE -> lineUserId;
            case PUSH -> pushToken;
            case CHAT -> accountId;
            default -> null;
        };
    }

    /** The customer's zone for quiet hours: their profile's, else the shop's (customer-360 writes UTC for unknown). */
    public ZoneId zone(ZoneId shopDefault) {
        if (timeZone == null || timeZone.isBlank() || "UTC".equals(timeZone)) {
            return shopDefault;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            return shopDefault;
        }
    }
}
