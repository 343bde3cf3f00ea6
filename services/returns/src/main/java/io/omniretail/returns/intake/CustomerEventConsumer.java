package io.omniretail.returns.intake;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.kit.persistence.EventProcessor;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** retail.customers.unified.v1 → purchases and source refunds, through the kit's inbox/outbox/DLQ processing. */
@ApplicationScoped
public class CustomerEventConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    CustomerEventHandler handler;

    @Incoming("customers-unified")
    public Uni<Void> consume(KafkaRecordBatch<String, CustomerEvent> batch) {
        return processor.processBatch(batch, handler::apply);
    }
}
