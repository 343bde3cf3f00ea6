package io.omniretail.customer.messaging;

import java.time.Instant;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.customer.profile.ConsentLedger;
import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.events.customer.ConsentDecision;
import io.omniretail.kit.NotApplicableException;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.kit.persistence.EventProcessor.BatchLocks;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consent decisions taken in notifications (preference centre, one-click unsubscribe, staff), through the kit's
 * inbox/outbox/DLQ processing, holding the customer's advisory lock: recorded with their evidence by the
 * {@link ConsentLedger} on the customer (the survivor, when merged meanwhile; a newer decision is not undone), and the
 * profile is published with them. A decision about a customer customer-360 never knew (or erased) is recorded
 * NOT_APPLICABLE.
 */
@ApplicationScoped
public class ConsentDecisionConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    ProfilePublisher publisher;
    @Inject
    ConsentLedger ledger;

    @Incoming("consent-decisions")
    public Uni<Void> consume(KafkaRecordBatch<String, ConsentDecision> batch) {
        return processor.processBatch(batch, new BatchLocks<>(Customer.LOCKS, ConsentDecision::getCustomerId), this::apply, null);
    }

    private Uni<Void> apply(ConsentDecision decision) {
        return publisher.locked(decision.getCustomerId()).chain(customer -> {
            if (customer == null) {
                return Uni.createFrom().failure(new NotApplicableException("no customer " + decision.getCustomerId()));
            }
            return ledger.decided(customer.id, decision.getChannel().name(), decision.getPurpose().name(), decision.getGranted(),
                    decision.getDecidedAt(), new ConsentLedger.Evidence(decision.getMetadata().getEventId(), decision.getSource(),
                            decision.getTextVersion(), decision.getActor(), null))
                    .chain(() -> publisher.changed(customer, decision.getMetadata(), "consent", Instant.now()));
        });
    }
}
