package io.omniretail.notifications.dispatch;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.omniretail.events.notification.DeliveryReceipt;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.persistence.EventProcessor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Notification requests and gateway receipts, each through the kit's inbox/outbox/DLQ processing. */
@ApplicationScoped
public class NotificationConsumers {

    @Inject
    EventProcessor processor;
    @Inject
    NotificationDispatcher dispatcher;

    @Incoming("requests")
    public Uni<Void> requests(Message<NotificationRequest> message) {
        return processor.process(message, dispatcher::onRequest);
    }

    @Incoming("receipts")
    public Uni<Void> receipts(Message<DeliveryReceipt> message) {
        return processor.process(message, dispatcher::onReceipt);
    }
}
