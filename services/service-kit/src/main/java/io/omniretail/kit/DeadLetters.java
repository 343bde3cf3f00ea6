package io.omniretail.kit;

import java.nio.charset.StandardCharsets;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
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
 * Sends a record that cannot be processed to "<topic>.dlq" with the original key, value and headers plus the
 * reason in dlq.* headers, so nothing is silently dropped and the consumer keeps going. Undecodable records keep
 * their original bytes; rejected ones are re-framed in the same Confluent wire format.
 */
@Startup // created at boot, not lazily on an event loop: building a producer blocks
@ApplicationScoped
public class DeadLetters {

    public static final String DLQ_SUFFIX = ".dlq";
    /** Set by SmallRye Kafka when a deserializer failed (fail-on-deserialization-failure=false). */
    static final String DESERIALIZATION_FAILURE_REASON = "deserialization-failure-reason";
    static final String DESERIALIZATION_FAILURE_DATA = "deserialization-failure-data";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    KafkaClients clients;
    @Inject
    MeterRegistry meters;

    private KafkaProducer<byte[], byte[]> producer;
    private AvroKafkaSerializer<SpecificRecord> serializer;

    @PostConstruct
    void start() {
        producer = clients.bytesProducer("dead-letters");
        serializer = clients.avroSerializer();
    }

    @PreDestroy
    void stop() {
        producer.close();
        serializer.close();
    }

    /** True when the message arrived undecodable: SmallRye hands it over with a null payload and failure headers. */
    public static boolean isUndecodable(Message<?> message) {
        return message.getPayload() == null && message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getHeaders().lastHeader(DESERIALIZATION_FAILURE_REASON) != null).orElse(false);
    }

    /** Completes when the DLQ record is acknowledged by Kafka. */
    public Uni<Void> send(Message<?> message, String consumer, Throwable reason) {
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
        header(headers, "dlq.consumer", consumer);
        header(headers, "dlq.original.topic", topic);
        header(headers, "dlq.original.partition", Integer.toString(incoming.getPartition()));
        header(headers, "dlq.original.offset", Long.toString(incoming.getOffset()));
        Object key = incoming.getKey();
        byte[] keyBytes = key == null ? null : key instanceof byte[] bytes ? bytes : key.toString().getBytes(StandardCharsets.UTF_8);
        // Re-framing may call the registry and KafkaProducer.send may block: both on a worker, never on an event
        // loop (the registry client itself runs on Vert.x and would deadlock waiting for its own loop).
        return Uni.createFrom().<Void>emitter(emitter -> producer.send(new ProducerRecord<>(topic + DLQ_SUFFIX, null, keyBytes,
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
