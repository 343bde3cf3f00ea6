package io.omniretail.notifications.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.omniretail.kit.persistence.privacy.PersonalDataOwner;
import io.omniretail.notifications.dispatch.Dispatch;
import io.omniretail.notifications.dispatch.Notification;
import io.omniretail.notifications.dispatch.NotificationWithdrawal;
import io.omniretail.notifications.recipient.Recipient;
import io.omniretail.notifications.recipient.RecipientConsent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Notifications' part of erase and export (ADR 0019): the person's addresses and consents (recipient), and every
 * notification sent to them with its dispatches (rendered texts and the address each went to).
 */
@ApplicationScoped
public class NotificationsPersonalData implements PersonalDataOwner {

    public record SentNotification(Notification notification, List<Dispatch> dispatches) {
    }

    public record Export(List<Recipient> recipients, List<RecipientConsent> consents, List<SentNotification> notifications) {
    }

    private static final String OF_THEIR_NOTIFICATIONS = "notificationId in (select n.notificationId from Notification n where n.customerId in ?1)";

    @Override
    public Uni<Map<String, Long>> erase(List<String> customerIds) {
        Map<String, Long> rows = new LinkedHashMap<>();
        return Dispatch.delete(OF_THEIR_NOTIFICATIONS, customerIds).invoke(n -> rows.put("dispatch", n))
                .chain(() -> Notification.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("notification", n))
                .chain(() -> NotificationWithdrawal.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("notification_withdrawal", n))
                .chain(() -> RecipientConsent.delete("key.customerId in ?1", customerIds)).invoke(n -> rows.put("recipient_consent", n))
                .chain(() -> Recipient.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("recipient", n))
                .replaceWith(rows);
    }

    @Override
    public Uni<Object> export(List<String> customerIds) {
        return Recipient.<Recipient>list("customerId in ?1", customerIds)
                .chain(recipients -> RecipientConsent.<RecipientConsent>list("key.customerId in ?1", customerIds)
                        .chain(consents -> Notification.<Notification>list("customerId in ?1 order by createdAt", customerIds)
                                .chain(notifications -> Dispatch.<Dispatch>list(OF_THEIR_NOTIFICATIONS + " order by createdAt", customerIds)
                                        .map(dispatches -> new Export(recipients, consents, notifications.stream()
                                                .map(n -> new SentNotification(n, dispatches.stream()
                                                        .filter(d -> d.notificationId.equals(n.notificationId)).toList()))
                                                .toList())))));
    }
}
