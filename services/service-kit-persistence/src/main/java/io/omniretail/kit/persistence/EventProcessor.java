package io.omniretail.kit.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
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
import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
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
 * <li>{@link AwaitingDependencyException}: parked at once: an outbox row re-delivers the record to this consumer alone
 * (header {@code omniretail.replay.consumer}) after a pause that doubles with each attempt (0.5 s up to
 * {@code omniretail.consumer.park-max-pause}), and the partition moves on. Waiting in place, even briefly, would
 * stall the whole channel (its partitions are one stream), and with it the very event it waits for. A record still waiting
 * {@code omniretail.consumer.park-give-up-after} after it was first parked (a fulfilment of an order placed before
 * the platform was installed) is recorded NOT_APPLICABLE with what it waited for, like any business outcome;</li>
 * <li>any other failure (database down, a dependency not arrived yet, an attempt over
 * {@code omniretail.consumer.attempt-timeout}) is retried with capped back-off for as long as it takes. The record
 * is not acknowledged meanwhile and the channel takes no next record, so the partition's order holds; the wait
 * shows in {@link ConsumerWaits} (metrics, readiness after {@code omniretail.consumer.stuck-after});</li>
 * <li>then the Kafka record is acknowledged (its offset may be committed).</li>
 * </ol>
 * Consumers use {@link #processBatch} (channel attribute {@code batch=true}); a tombstone's {@code onDelete} must be
 * idempotent (it has no inbox row). The returned Uni never fails, so a channel never dies of a record. The consumer id of the inbox and of
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
    @Inject
    AdvisoryLocks advisoryLocks;

    @ConfigProperty(name = "omniretail.consumer.attempt-timeout", defaultValue = "PT30S")
    Duration attemptTimeout;
    @ConfigProperty(name = "omniretail.consumer.retry-initial", defaultValue = "PT0.1S")
    Duration retryInitial;
    @ConfigProperty(name = "omniretail.consumer.retry-max", defaultValue = "PT10S")
    Duration retryMax;
    @ConfigProperty(name = "omniretail.consumer.park-max-pause", defaultValue = "PT1M")
    Duration parkMaxPause;
    @ConfigProperty(name = "omniretail.consumer.park-give-up-after", defaultValue = "P3D")
    Duration parkGiveUpAfter;

    static final String PARKED_ATTEMPTS = "omniretail.parked.attempts";
    static final String PARKED_SINCE = "omniretail.parked.since";

    /** {@link #processBatch(KafkaRecordBatch, BatchLocks, Function, Function)} with no lock taken up front and no tombstones. */
    public <T extends SpecificRecord> Uni<Void> processBatch(KafkaRecordBatch<String, T> batch, Function<T, Uni<Void>> handler) {
        return processBatch(batch, null, handler, null);
    }

    /**
     * A batch of records (one poll, several partitions, each partition's records in offset order), with the contract
     * of the class comment for each record, in ONE transaction when it can: the inbox is read once for the whole batch, the handlers run
     * one after another in record order (each sees what the earlier ones wrote), the inbox rows are written together
     * and the transaction commits once, so the batch costs a few round trips instead of several per record.
     * <p>
     * {@code locks} (may be null) names, per event, the key its handler serializes on with {@link AdvisoryLocks}: the
     * batch takes all of them first, in sorted order, so batches of different channels never deadlock on them; a
     * record settled alone takes its own before its inbox is read. Either way the handler runs holding its event's
     * lock and need not take it again.
     * <p>
     * If anything in the batch fails (a business outcome, a rejection, an awaited dependency, the database), the whole
     * transaction rolls back and the batch is settled record by record (a transaction each) exactly as the class comment says: the inbox
     * keeps that replay from applying anything twice, and the outcome of each record is the one it would have had
     * alone. Undecodable records, tombstones nobody deletes and replays for another consumer take that path too. The
     * batch is acknowledged once every record is settled.
     */
    public <T extends SpecificRecord> Uni<Void> processBatch(KafkaRecordBatch<String, T> batch, BatchLocks<T> locks,
            Function<T, Uni<Void>> handler, Function<String, Uni<Void>> onDelete) {
        List<KafkaRecord<String, T>> records = batch.getRecords();
        meters.summary("omniretail.consumer.batch.size", "consumer", consumer()).record(records.size());
        Executor onChannelContext = onCurrentContext();
        List<KafkaRecord<String, T>> together = new ArrayList<>();
        List<KafkaRecord<String, T>> alone = new ArrayList<>();
        for (KafkaRecord<String, T> record : records) {
            boolean plain = !DeadLetters.isUndecodable(record) && !deadLetters.isReplayForAnother(record)
                    && (record.getPayload() != null || onDelete != null);
            (plain && records.size() > 1 ? together : alone).add(record);
        }
        Uni<Void> settled = together.isEmpty() ? Uni.createFrom().voidItem()
                : inOneTransaction(together, locks, handler, onDelete)
                        .ifNoItem().after(attemptTimeout).failWith(() -> new IllegalStateException("batch took longer than " + attemptTimeout))
                        .onFailure().recoverWithUni(failure -> {
                            meters.counter("omniretail.consumer.batch.one.by.one", "consumer", consumer()).increment();
                            LOG.debugf("%s settles a batch of %d one by one: %s", consumer(), together.size(), failure.toString());
                            return oneByOne(together, locks, handler, onDelete, onChannelContext);
                        });
        return settled.chain(() -> oneByOne(alone, locks, handler, onDelete, onChannelContext)).chain(() -> ack(batch));
    }

    /** Names the advisory-lock key of each event (null: none), for {@link #processBatch}. */
    public record BatchLocks<T>(String namespace, Function<T, String> keyOf) {
    }

    private <T extends SpecificRecord> Uni<Void> inOneTransaction(List<KafkaRecord<String, T>> records, BatchLocks<T> locks,
            Function<T, Uni<Void>> handler, Function<String, Uni<Void>> onDelete) {
        return Uni.createFrom().deferred(() -> {
            List<String> eventIds = new ArrayList<>();
            Set<String> lockKeys = new TreeSet<>();
            for (KafkaRecord<String, T> record : records) {
                T event = record.getPayload();
                String lockKey = event == null || locks == null ? null : locks.keyOf().apply(event);
                if (event != null) {
                    eventIds.add(EventMetadataFactory.metadataOf(event).getEventId());
                }
                if (lockKey != null) {
                    lockKeys.add(lockKey);
                }
            }
            return Panache.withTransaction(() -> (lockKeys.isEmpty() ? Uni.createFrom().voidItem()
                    : advisoryLocks.lockForTransaction(locks.namespace(), lockKeys))
                    .chain(() -> InboxEntry.<InboxEntry>list("key.consumer = ?1 and key.eventId in ?2", consumer(), eventIds))
                    .chain(seenEntries -> {
                        Set<String> seen = new HashSet<>();
                        seenEntries.forEach(entry -> seen.add(entry.key.eventId()));
                        List<InboxEntry> applied = new ArrayList<>();
                        return Multi.createFrom().iterable(records).onItem().transformToUniAndConcatenate(record -> {
                            T event = record.getPayload();
                            if (event == null) {
                                return Uni.createFrom().deferred(() -> onDelete.apply(String.valueOf(record.getKey())));
                            }
                            String eventId = EventMetadataFactory.metadataOf(event).getEventId();
                            if (!seen.add(eventId)) {
                                meters.counter("omniretail.inbox.duplicates", "consumer", consumer()).increment();
                                return Uni.createFrom().voidItem();
                            }
                            applied.add(InboxEntry.applied(new InboxEntry.Key(consumer(), eventId)));
                            // flushed and detached after each event: the next one's queries see its writes, and the
                            // session stays as small as one event's (Hibernate checks every managed entity at each flush)
                            return Uni.createFrom().deferred(() -> handler.apply(event))
                                    .chain(Panache::getSession).call(Mutiny.Session::flush).invoke(Mutiny.Session::clear).replaceWithVoid();
                        }).collect().last().chain(Panache::getSession).chain(session -> session.persistAll(applied.toArray()));
                    }));
        });
    }

    /**
     * Settles each record on the channel's Vert.x context (a transaction needs it), whatever thread finished the one
     * before it: a dead letter completes on the producer's thread, a timeout on a scheduler's.
     */
    private <T extends SpecificRecord> Uni<Void> oneByOne(List<KafkaRecord<String, T>> records, BatchLocks<T> locks,
            Function<T, Uni<Void>> handler, Function<String, Uni<Void>> onDelete, Executor onChannelContext) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(records).onItem().transformToUniAndConcatenate(record -> Uni.createFrom()
                .deferred(() -> settle(record, locks, handler, onDelete)).runSubscriptionOn(onChannelContext))
                .collect().last().replaceWithVoid();
    }

    private static Executor onCurrentContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : command -> context.runOnContext(ignored -> command.run());
    }

    /** One record's contract (the class comment) except acknowledging it: its own transaction, holding its event's lock. */
    private <T extends SpecificRecord> Uni<Void> settle(Message<T> message, BatchLocks<T> locks, Function<T, Uni<Void>> handler,
            Function<String, Uni<Void>> onDelete) {
        if (DeadLetters.isUndecodable(message)) {
            return deadLetters.send(message, new RejectedEventException("undecodable record: " + DeadLetters.undecodableReason(message)));
        }
        if (deadLetters.isReplayForAnother(message)) {
            return Uni.createFrom().voidItem();
        }
        T event = message.getPayload();
        if (event == null) {
            if (onDelete == null) {
                return deadLetters.send(message, new RejectedEventException("a tombstone on a topic whose events " + consumer() + " cannot delete"));
            }
            String key = message.getMetadata(IncomingKafkaRecordMetadata.class).map(meta -> String.valueOf(meta.getKey())).orElse(null);
            return untilSettled(message, Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onDelete.apply(key))));
        }
        String eventId = EventMetadataFactory.metadataOf(event).getEventId();
        InboxEntry.Key inboxKey = new InboxEntry.Key(consumer(), eventId);
        String lockKey = locks == null ? null : locks.keyOf().apply(event);
        Uni<Void> apply = Uni.createFrom().deferred(() -> Panache.withTransaction(() -> (lockKey == null ? Uni.createFrom().voidItem()
                : advisoryLocks.lockForTransaction(locks.namespace(), lockKey))
                .chain(() -> InboxEntry.<InboxEntry>findById(inboxKey))
                .chain(seen -> {
                    if (seen != null) {
                        meters.counter("omniretail.inbox.duplicates", "consumer", consumer()).increment();
                        return Uni.createFrom().voidItem();
                    }
                    return handler.apply(event).chain(() -> InboxEntry.applied(inboxKey).persist()).replaceWithVoid();
                })));
        return untilSettled(message, apply
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

    /**
     * Re-delivers the event to this consumer later, in the same transaction-safe way as any output; past
     * {@code park-give-up-after} the wait ends as a business outcome instead (the caller records it in the inbox).
     */
    private Uni<Void> park(Message<?> message, SpecificRecord event, String awaiting) {
        IncomingKafkaRecordMetadata<?, ?> incoming = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka message"));
        Header firstParked = incoming.getHeaders().lastHeader(PARKED_SINCE);
        Instant since = firstParked == null ? Instant.now() : parkedSince(new String(firstParked.value(), StandardCharsets.UTF_8));
        if (Duration.between(since, Instant.now()).compareTo(parkGiveUpAfter) >= 0) {
            meters.counter("omniretail.consumer.parked.given.up", "consumer", consumer()).increment();
            LOG.warnf("%s gives up on %s, parked since %s: %s", consumer(), ConsumerWaits.recordOf(message), since, awaiting);
            return Uni.createFrom().failure(new NotApplicableException("gave up after waiting since " + since + ": " + awaiting));
        }
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
        headers.put(PARKED_SINCE, since.toString());
        headers.put("omniretail.parked.awaiting", awaiting);
        long pauseMillis = Math.min(parkMaxPause.toMillis(), 500L << Math.min(attempt - 1, 20));
        meters.counter("omniretail.consumer.parked", "consumer", consumer()).increment();
        LOG.infof("%s parks %s (attempt %d, next in %d ms): %s", consumer(), ConsumerWaits.recordOf(message), attempt, pauseMillis, awaiting);
        return Panache.withTransaction(() -> outbox.redeliverLater(incoming.getTopic(), String.valueOf(incoming.getKey()), event, headers,
                Instant.now().plusMillis(pauseMillis)));
    }

    private static Instant parkedSince(String header) {
        try {
            return Instant.parse(header);
        } catch (DateTimeParseException garbled) {
            return Instant.now(); // not ours to trust: the wait starts again rather than ending early
        }
    }

    /** Retries {@code attempt} until it succeeds or is rejected (then the DLQ). */
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
                .invoke(() -> waits.settled(record));
    }

    private String consumer() {
        return deadLetters.consumer();
    }

    private static Uni<Void> ack(Message<?> message) {
        return Uni.createFrom().completionStage(message.ack());
    }
}
