package io.omniretail.customer.messaging;

import java.time.Instant;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.customer.privacy.PrivacyCoordinator;
import io.omniretail.events.privacy.PrivacyReply;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.kit.persistence.EventProcessor.BatchLocks;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every participant's privacy topic → its answer recorded on the request (kit processing; each answer holds its
 * request's advisory lock, so the last two answers arriving together complete the request once).
 */
@ApplicationScoped
public class PrivacyReplyConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    PrivacyCoordinator coordinator;

    @Incoming("privacy-replies")
    public Uni<Void> consume(KafkaRecordBatch<String, PrivacyReply> batch) {
        return processor.processBatch(batch, new BatchLocks<>(PrivacyCoordinator.REQUEST_LOCKS, PrivacyReply::getRequestId),
                reply -> coordinator.answer(reply, Instant.now()), null);
    }
}
