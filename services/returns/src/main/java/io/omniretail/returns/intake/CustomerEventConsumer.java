package io.omniretail.returns.intake;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.kit.persistence.EventProcessor;
import io.smallrye.mutiny.Uni;
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
    public Uni<Void> consume(Message<CustomerEvent> message) {
        return processor.process(message, handler::apply);
    }
}
