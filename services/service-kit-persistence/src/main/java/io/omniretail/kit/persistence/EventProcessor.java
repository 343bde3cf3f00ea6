package io.omniretail.kit.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.kit.AwaitingDependencyException;
import io.omniretail.kit.ConsumerWaits;
import io.omniretail.kit.DeadLetters;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.NotApplicableException;
import io.omniretail.kit.RejectedEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The consumer contract of every service (ADR 0005, ADR 0008), written once:
 * <ol>
 * <li>an undecodable record goes to the DLQ with the deserializer's reason;</li>
 * <li>a record {@code make dlq-replay} re-delivered to another consumer is acknowledged untouched;</li>
 * <li>a tombstone (null value on a compacted topic) reaches the consumer's {@code onDelete(key)}; a consumer that
 * declared none rejects it;</li>
 * <li>otherwise, in ONE transaction: skip if the inbox already holds (consumer, eventId); else run the handler
 * (state change + outbox writes) and record the eventId with the outcome APPLIED;</li>
 * <li>{@link NotApplicableException}: the handler's writes are rolled back and the inbox records NOT_APPLICABLE with
 * its reason (a business outcome: never dead-lettered, never retried);</li>
 * <li>{@link RejectedEventException}: to the DLQ with the reason;</li>
 * <li>{@link AwaitingDependencyException}: retried for {@code omniretail.consumer.await-before-parking}, then
 * parked: an outbox row re-delivers the record to this consumer alone (header {@code omniretail.replay.consumer})
 * after a pause that doubles with each attempt (0.5 s up to {@code omniretail.consumer.park-max-pause}), and the
 * partition moves on. A held record would stall the whole channel, and with it the very event it waits for;</li>
 * <li>any other failure (database down, a dependency not arrived yet, an attempt over
 * {@code omniretail.consumer.attempt-timeout}) is retried with capped back-off for as long as it takes. The record
 * is not acknowledged meanwhile and the channel takes no next record, so the partition's order holds; the wait
 * shows in {@link ConsumerWaits} (metrics, readiness after {@code omniretail.consumer.stuck-after});</li>
 * <li>then the Kafka record is acknowledged (its offset may be committed).</li>
 * </ol>
 * The returned Uni never fails, so a channel never dies of a record. The consumer id of the inbox and of
 * {@code dlq.consumer} is the service's application name, for every channel. Outbox rows written by the handler
 * are published when the transaction commits (the relay is notified by the database, see {@link OutboxRelay}).
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    @Inject
    DeadLetters deadLetters;
    @Inject
    ConsumerWaits waits;
    @Inject
    MeterRegistry meters;
    @Inject
    Outbox outbox;

    @ConfigProperty(name = "omniretail.consumer.attempt-timeout", defaultValue = "PT30S")
    Duration attemptTimeout;
    @ConfigProperty(name = "omniretail.consumer.retry-initial", defaultValue = "PT0.1S")
    Duration retryInitial;
    @ConfigProperty(name = "omniretail.consumer.retry-max", defaultValue = "PT10S")
    Duration retryMax;
    @ConfigProperty(name = "omniretail.consumer.await-before-parking", defaultValue = "PT2S")
    Duration awaitBeforeParking;
    @ConfigProperty(name = "omniretail.consumer.park-max-pause", defaultValue = "PT1M")
    Duration parkMaxPause;

    static final String PARKED_ATTEMPTS = "omniretail.parked.attempts";

    /** For topics without tombstones: a null value is a contract violation and goes to the DLQ. */
    public <T extends SpecificRecord> Uni<Void> process(Message<T> message, Function<T, Uni<Void>> handler) {
        return process(message, handler, null);
    }

    /** For compacted topics: {@code onDelete} gets the key of a tombstone and must be idempotent (no inbox). */
    public <T extends SpecificRecord> Uni<Void> process(Message<T> message, Function<T, Uni<Void>> handler,
            Function<String, Uni<Void>> onDelete) {
        if (DeadLetters.isUndecodable(message)) {
            return deadLetter(message, new RejectedEventException("undecodable record: " + DeadLetters.undecodableReason(message)));
        }
        if (deadLetters.isReplayForAnother(message)) {
            return ack(message);
        }
        T event = message.getPayload();
        if (event == null) {
            if (onDelete == null) {
                return deadLetter(message, new RejectedEventException("a tombstone on a topic whose events " + consumer() + " cannot delete"));
            }
            String key = message.getMetadata(IncomingKafkaRecordMetadata.class).map(meta -> String.valueOf(meta.getKey())).orElse(null);
            return untilSettled(message, Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onDelete.apply(key))));
        }
        String eventId = EventMetadataFactory.metadataOf(event).getEventId();
        InboxEntry.Key inboxKey = new InboxEntry.Key(consumer(), eventId);
        Uni<Void> apply = Uni.createFrom().deferred(() -> Panache.withTransaction(() -> InboxEntry.<InboxEntry>findById(inboxKey)
                .chain(seen -> {
                    if (seen != null) {
                        meters.counter("omniretail.inbox.duplicates", "consumer", consumer()).increment();
                        return Uni.createFrom().voidItem();
                    }
                    return handler.apply(event).chain(() -> InboxEntry.applied(inboxKey).persist()).replaceWithVoid();
                })));
        return untilSettled(message, apply
                .onFailure(AwaitingDependencyException.class).retry().withBackOff(Duration.ofMillis(50), Duration.ofMillis(500))
                .expireIn(awaitBeforeParking.toMillis())
                // once the brief retries are over Mutiny reports "retries exhausted", the awaiting as its cause
                .onFailure(EventProcessor::isAwaiting).recoverWithUni(failure -> park(message, event, awaited(failure)))
                .onFailure(NotApplicableException.class).recoverWithUni(outcome -> {
                    meters.counter("omniretail.events.not.applicable", "consumer", consumer()).increment();
                    LOG.debugf("%s: event %s not applicable: %s", consumer(), eventId, outcome.getMessage());
                    return Panache.withTransaction(() -> InboxEntry.<InboxEntry>findById(inboxKey).chain(seen -> seen != null
                            ? Uni.createFrom().voidItem()
                            : InboxEntry.notApplicable(inboxKey, outcome.getMessage()).persist().replaceWithVoid()));
                }));
    }

    static boolean isAwaiting(Throwable failure) {
        return failure instanceof AwaitingDependencyException || failure.getCause() instanceof AwaitingDependencyException;
    }

    private static String awaited(Throwable failure) {
        return (failure instanceof AwaitingDependencyException ? failure : failure.getCause()).getMessage();
    }

    /** Re-delivers the event to this consumer later, in the same transaction-safe way as any output. */
    private Uni<Void> park(Message<?> message, SpecificRecord event, String awaiting) {
        IncomingKafkaRecordMetadata<?, ?> incoming = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka message"));
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : incoming.getHeaders()) {
            if (header.value() != null && !header.key().startsWith("omniretail.") && !header.key().startsWith("deserialization-failure")) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        Header previous = incoming.getHeaders().lastHeader(PARKED_ATTEMPTS);
        int attempt = previous == null ? 1 : Integer.parseInt(new String(previous.value(), StandardCharsets.UTF_8)) + 1;
        headers.put(DeadLetters.REPLAY_HEADER, consumer());
        headers.put(PARKED_ATTEMPTS, Integer.toString(attempt));
        headers.put("omniretail.parked.awaiting", awaiting);
        long pauseMillis = Math.min(parkMaxPause.toMillis(), 500L << Math.min(attempt - 1, 20));
        meters.counter("omniretail.consumer.parked", "consumer", consumer()).increment();
        LOG.infof("%s parks %s (attempt %d, next in %d ms): %s", consumer(), ConsumerWaits.recordOf(message), attempt, pauseMillis, awaiting);
        return Panache.withTransaction(() -> outbox.redeliverLater(incoming.getTopic(), String.valueOf(incoming.getKey()), event, headers,
                Instant.now().plusMillis(pauseMillis)));
    }

    /** Retries {@code attempt} until it succeeds or is rejected (then the DLQ), then acknowledges the record. */
    private Uni<Void> untilSettled(Message<?> message, Uni<Void> attempt) {
        String record = ConsumerWaits.recordOf(message);
        return attempt
                .ifNoItem().after(attemptTimeout).failWith(() -> new IllegalStateException("attempt took longer than " + attemptTimeout))
                .onFailure(failure -> !(failure instanceof RejectedEventException)).invoke(failure -> {
                    waits.failed(consumer(), record, failure);
                    LOG.warnf("%s could not apply %s yet (%s); retrying", consumer(), record, failure.toString());
                })
                .onFailure(failure -> !(failure instanceof RejectedEventException))
                .retry().withBackOff(retryInitial, retryMax).indefinitely()
                .onFailure().recoverWithUni(rejected -> deadLetters.send(message, rejected))
                .invoke(() -> waits.settled(record))
                .chain(() -> ack(message));
    }

    private Uni<Void> deadLetter(Message<?> message, RejectedEventException reason) {
        return deadLetters.send(message, reason).chain(() -> ack(message));
    }

    private String consumer() {
        return deadLetters.consumer();
    }

    private static Uni<Void> ack(Message<?> message) {
        return Uni.createFrom().completionStage(message.ack());
    }
}
