package io.omniretail.kit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.omniretail.events.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends a record that can never be applied to "<topic>.dlq" with the original key, value and headers plus the
 * reason in dlq.* headers (dlq.consumer names this service, so {@code make dlq-replay} can re-deliver it to this
 * service alone). Undecodable records keep their original bytes; rejected ones are re-framed in the same Confluent
 * wire format. The send is retried until Kafka acknowledges it (broker or registry down): the record's partition
 * waits meanwhile ({@link ConsumerWaits}), so a dead letter is never lost and the consumer never dies of it.
 */
@Startup // created at boot, not lazily on an event loop: building a producer blocks
@ApplicationScoped
public class DeadLetters {

    public static final String CONSUMER_HEADER = "dlq.consumer";
    /** Set by {@code make dlq-replay} on a re-delivered record: only the named consumer applies it. */
    public static final String REPLAY_HEADER = "omniretail.replay.consumer";
    /** Set by SmallRye Kafka when a deserializer failed (fail-on-deserialization-failure=false). */
    static final String DESERIALIZATION_FAILURE_REASON = "deserialization-failure-reason";
    static final String DESERIALIZATION_FAILURE_DATA = "deserialization-failure-data";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    KafkaClients clients;
    @Inject
    MeterRegistry meters;
    @Inject
    ConsumerWaits waits;
    @ConfigProperty(name = "quarkus.application.name")
    String consumer;

    private KafkaProducer<byte[], byte[]> producer;
    private AvroKafkaSerializer<SpecificRecord> serializer;

    @PostConstruct
    void start() {
        producer = clients.bytesProducer("dead-letters");
        serializer = clients.avroSerializer();
    }

    @PreDestroy
    void stop() {
        producer.close(Duration.ofSeconds(5));
        serializer.close();
    }

    /** The inbox and dlq.consumer name of this service's consumers: its application name. */
    public String consumer() {
        return consumer;
    }

    /** True when the message arrived undecodable: SmallRye hands it over with a null payload and failure headers. */
    public static boolean isUndecodable(Message<?> message) {
        return message.getPayload() == null && message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getHeaders().lastHeader(DESERIALIZATION_FAILURE_REASON) != null).orElse(false);
    }

    /** True for a record that {@code make dlq-replay} re-delivered to another consumer of the same topic. */
    public boolean isReplayForAnother(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getHeaders().lastHeader(REPLAY_HEADER))
                .map(header -> !consumer.equals(new String(header.value(), StandardCharsets.UTF_8))).orElse(false);
    }

    /** Why the deserializer failed, for an {@linkplain #isUndecodable undecodable} message. */
    public static String undecodableReason(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getHeaders().lastHeader(DESERIALIZATION_FAILURE_REASON))
                .map(header -> new String(header.value(), StandardCharsets.UTF_8)).orElse("undecodable");
    }

    /** Completes when the DLQ record is acknowledged by Kafka; retried (capped back-off) until it is. */
    public Uni<Void> send(Message<?> message, Throwable reason) {
        String record = ConsumerWaits.recordOf(message);
        return Uni.createFrom().deferred(() -> sendOnce(message, reason))
                .onFailure().invoke(error -> {
                    waits.failed(consumer, record, error);
                    LOG.warnf("dead letter for %s not sent yet (%s); retrying", record, error.toString());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(() -> waits.settled(record));
    }

    private Uni<Void> sendOnce(Message<?> message, Throwable reason) {
        IncomingKafkaRecordMetadata<?, ?> incoming = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka message"));
        String topic = incoming.getTopic();
        Headers headers = new RecordHeaders();
        for (Header header : incoming.getHeaders()) {
            if (!header.key().equals(DESERIALIZATION_FAILURE_DATA)) {
                headers.add(header);
            }
        }
        header(headers, "dlq.reason", reason.getMessage() == null ? reason.getClass().getName() : reason.getMessage());
        header(headers, "dlq.exception", reason.getClass().getName());
        header(headers, CONSUMER_HEADER, consumer);
        header(headers, "dlq.original.topic", topic);
        header(headers, "dlq.original.partition", Integer.toString(incoming.getPartition()));
        header(headers, "dlq.original.offset", Long.toString(incoming.getOffset()));
        Object key = incoming.getKey();
        byte[] keyBytes = key == null ? null : key instanceof byte[] bytes ? bytes : key.toString().getBytes(StandardCharsets.UTF_8);
        // Re-framing may call the registry and KafkaProducer.send may block: both on a worker, never on an event
        // loop (the registry client itself runs on Vert.x and would deadlock waiting for its own loop).
        return Uni.createFrom().<Void>emitter(emitter -> producer.send(new ProducerRecord<>(topic + Topic.DLQ_SUFFIX, null, keyBytes,
                originalValue(message, incoming), headers), (metadata, error) -> {
                    if (error != null) {
                        emitter.fail(error);
                    } else {
                        emitter.complete(null);
                    }
                })).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).invoke(() -> {
            meters.counter("omniretail.dead.letters", "topic", topic, "consumer", consumer).increment();
            LOG.warnf("dead-lettered %s[%d]@%d for %s: %s", topic, incoming.getPartition(), incoming.getOffset(),
                    consumer, reason.getMessage());
        });
    }

    private byte[] originalValue(Message<?> message, IncomingKafkaRecordMetadata<?, ?> incoming) {
        Header raw = incoming.getHeaders().lastHeader(DESERIALIZATION_FAILURE_DATA);
        if (raw != null) {
            return raw.value();
        }
        Object payload = message.getPayload();
        if (payload instanceof SpecificRecord avro) {
            return serializer.serialize(incoming.getTopic(), avro);
        }
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        return payload == null ? null : payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
