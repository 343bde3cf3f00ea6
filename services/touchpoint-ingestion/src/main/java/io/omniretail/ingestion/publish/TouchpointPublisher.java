package io.omniretail.ingestion.publish;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.omniretail.events.touchpoint.Touchpoint;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Writes touchpoints to retail.touchpoints.v1; the returned Uni completes only when Kafka acknowledged (acks=all). */
@ApplicationScoped
public class TouchpointPublisher {

    @Inject
    @Channel("touchpoints")
    MutinyEmitter<Touchpoint> touchpoints;

    public Uni<Void> publish(String key, Touchpoint touchpoint) {
        return touchpoints.sendMessage(Message.of(touchpoint)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
