package io.omniretail.notifications.dispatch;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.notification.DeliveryReceipt;
import io.omniretail.events.notification.NotificationCancellation;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.persistence.EventProcessor;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Notification requests, their withdrawals and gateway receipts, each through the kit's inbox/outbox/DLQ processing. */
@ApplicationScoped
public class NotificationConsumers {

    @Inject
    EventProcessor processor;
    @Inject
    NotificationDispatcher dispatcher;

    @Incoming("requests")
    public Uni<Void> requests(KafkaRecordBatch<String, NotificationRequest> batch) {
        return processor.processBatch(batch, new EventProcessor.BatchLocks<>(NotificationDispatcher.RECIPIENT_LOCKS,
                NotificationRequest::getCustomerId), dispatcher::onRequest, null);
    }

    /** Withdrawals by the requester, under the same recipient lock as requests, so a request and its withdrawal never cross. */
    @Incoming("cancellations")
    public Uni<Void> cancellations(KafkaRecordBatch<String, NotificationCancellation> batch) {
        return processor.processBatch(batch, new EventProcessor.BatchLocks<>(NotificationDispatcher.RECIPIENT_LOCKS,
                NotificationCancellation::getCustomerId), dispatcher::onCancellation, null);
    }

    @Incoming("receipts")
    public Uni<Void> receipts(KafkaRecordBatch<String, DeliveryReceipt> batch) {
        return processor.processBatch(batch, dispatcher::onReceipt);
    }
}
