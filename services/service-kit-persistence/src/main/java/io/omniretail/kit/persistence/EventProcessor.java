package io.omniretail.kit.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.kit.DeadLetters;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.RejectedEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one way a service consumes an event (ADR 0005):
 * <ol>
 * <li>undecodable record: to the DLQ, acknowledged, the consumer goes on;</li>
 * <li>in ONE transaction: skip if the inbox already holds (consumer, eventId); else run the handler (state
 * change + outbox writes) and record the eventId;</li>
 * <li>transient failure: retried with back-off; rejected event or retries exhausted: to the DLQ;</li>
 * <li>then the relay is woken and the Kafka record acknowledged (its offset may be committed).</li>
 * </ol>
 * A redelivered event therefore has no second effect, and an accepted one is never lost.
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    @Inject
    DeadLetters deadLetters;
    @Inject
    OutboxRelay relay;
    @Inject
    MeterRegistry meters;

    public <T extends SpecificRecord> Uni<Void> process(String consumer, Message<T> message, Function<T, Uni<Void>> handler) {
        if (DeadLetters.isUndecodable(message)) {
            String reason = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(meta -> new String(meta.getHeaders().lastHeader("deserialization-failure-reason").value(), StandardCharsets.UTF_8))
                    .orElse("undecodable");
            return deadLetters.send(message, consumer, new RejectedEventException("undecodable record: " + reason))
                    .chain(() -> ack(message));
        }
        T event = message.getPayload();
        if (event == null) {
            return ack(message); // a tombstone on a compacted topic: nothing to apply
        }
        String eventId = EventMetadataFactory.metadataOf(event).getEventId();
        InboxEntry.Key key = new InboxEntry.Key(consumer, eventId);
        return Panache.withTransaction(() -> InboxEntry.<InboxEntry>findById(key).chain(seen -> {
                    if (seen != null) {
                        meters.counter("omniretail.inbox.duplicates", "consumer", consumer).increment();
                        return Uni.createFrom().voidItem();
                    }
                    return handler.apply(event).chain(() -> InboxEntry.of(consumer, eventId).persist()).replaceWithVoid();
                }))
                .onFailure(failure -> !(failure instanceof RejectedEventException))
                .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5)
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf(failure, "%s could not apply event %s", consumer, eventId);
                    return deadLetters.send(message, consumer, failure);
                })
                .invoke(relay::wake)
                .chain(() -> ack(message));
    }

    private static Uni<Void> ack(Message<?> message) {
        return Uni.createFrom().completionStage(message.ack());
    }
}
