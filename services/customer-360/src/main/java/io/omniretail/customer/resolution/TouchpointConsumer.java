package io.omniretail.customer.resolution;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.kit.persistence.EventProcessor;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** retail.touchpoints.v1 → identity resolution, through the kit's inbox/outbox/DLQ processing. */
@ApplicationScoped
public class TouchpointConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    TouchpointResolver resolver;

    @Incoming("touchpoints")
    public Uni<Void> consume(KafkaRecordBatch<String, Touchpoint> batch) {
        return processor.processBatch(batch, resolver::apply);
    }
}
