package io.omniretail.customer.resolution;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.kit.persistence.EventProcessor;
import io.smallrye.mutiny.Uni;
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
    public Uni<Void> consume(Message<Touchpoint> message) {
        return processor.process(message, resolver::apply);
    }
}
