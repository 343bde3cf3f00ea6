package io.omniretail.kit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which consumed records are being retried right now, per topic-partition: a record that cannot be applied yet
 * (database down, a dependency not arrived) holds its partition, and that wait must be visible. Metrics:
 * {@code omniretail.consumer.waiting} (records held) and {@code omniretail.consumer.oldest.wait.seconds}.
 * Readiness goes DOWN once a record has waited longer than {@code omniretail.consumer.stuck-after}, naming it
 * ({@link ConsumerWaitsHealthCheck}).
 * Thread-safe; one instance per service.
 */
@ApplicationScoped
public class ConsumerWaits {

    public record Wait(String consumer, String record, Instant since, String lastError, long attempts) {
    }

    @Inject
    MeterRegistry meters;

    private final Map<String, Wait> waits = new ConcurrentHashMap<>();

    @PostConstruct
    void metrics() {
        Gauge.builder("omniretail.consumer.waiting", waits, Map::size)
                .description("consumed records being retried (each holds its partition)").register(meters);
        Gauge.builder("omniretail.consumer.oldest.wait.seconds", this, ConsumerWaits::oldestWaitSeconds)
                .description("how long the longest-retried record has waited").register(meters);
    }

    /** "topic[partition]@offset" of a consumed Kafka record, the key of its wait. */
    public static String recordOf(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getTopic() + "[" + meta.getPartition() + "]@" + meta.getOffset())
                .orElseGet(() -> "message@" + System.identityHashCode(message));
    }

    /** A failed attempt at {@code record} ("topic[partition]@offset"); the first one starts the wait. */
    public void failed(String consumer, String record, Throwable error) {
        meters.counter("omniretail.consumer.retries", "consumer", consumer).increment();
        waits.compute(record, (key, wait) -> wait == null
                ? new Wait(consumer, record, Instant.now(), String.valueOf(error), 1)
                : new Wait(consumer, record, wait.since(), String.valueOf(error), wait.attempts() + 1));
    }

    /** The record was applied, dead-lettered or recorded as an outcome: its partition moves on. */
    public void settled(String record) {
        waits.remove(record);
    }

    public Map<String, Wait> current() {
        return Map.copyOf(waits);
    }

    double oldestWaitSeconds() {
        Instant now = Instant.now();
        return waits.values().stream().mapToDouble(wait -> Duration.between(wait.since(), now).toMillis() / 1000.0).max().orElse(0);
    }
}
