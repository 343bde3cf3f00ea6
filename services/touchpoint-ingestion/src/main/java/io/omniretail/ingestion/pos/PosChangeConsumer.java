package io.omniretail.ingestion.pos;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.ingestion.publish.TouchpointPublisher;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.omniretail.kit.DeadLetters;
import io.omniretail.kit.KafkaClients;
import io.omniretail.kit.RejectedEventException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads the POS database's change topics (Debezium's envelope in Avro, Confluent wire format, ADR 0012) and
 * publishes touchpoints. Each record is read as a generic Avro record and handed to the assembler as the JSON tree
 * of Debezium's envelope (the same tree the JSON converter gave). Records are acknowledged
 * only after the touchpoints they became were acknowledged by Kafka (throttled commits never move past an
 * unacknowledged record), so a crash replays the incomplete transactions; the touchpoints' derived ids make the
 * replay harmless. Records that cannot be decoded go to their topic's DLQ with the deserializer's reason.
 * <p>
 * One instance per POS database, by construction: the channel joins its group with a fixed group.instance.id
 * (static membership), so a second instance fences the first instead of splitting a transaction's records across
 * two assemblers; in Kubernetes the capture runs as its own single-replica Deployment (pos-capture) and the
 * scalable HTTP edge runs with POS_CAPTURE_ENABLED=false (ADR 0006).
 */
@ApplicationScoped
public class PosChangeConsumer {

    @Inject
    TouchpointPublisher publisher;
    @Inject
    DeadLetters deadLetters;
    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "omniretail.pos.topic-prefix")
    String topicPrefix;
    @ConfigProperty(name = "omniretail.pos.default-country")
    String defaultCountry;

    @Inject
    KafkaClients kafkaClients;

    private final ObjectMapper json = new ObjectMapper();
    /**
     * Decodes the Confluent-framed Avro of the CDC topics into generic records. Configured here rather than on the
     * channel: no classes exist for the POS tables, and a generic-reading deserializer on a channel would load a
     * second Avro next to the generated contracts' in tests (Quarkus issue #27057, ADR 0005).
     */
    private final AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
    private PosTransactionAssembler<Message<byte[]>> assembler;

    /** The assembler's state, for readiness (PosCaptureHealthCheck). */
    public Duration oldestPendingTransaction() {
        return assembler.oldestPending();
    }

    @PostConstruct
    void init() {
        Map<String, Object> serde = new HashMap<>(kafkaClients.serdeConfig());
        serde.put("apicurio.registry.use-specific-avro-reader", "false");
        avro.configure(serde, false);
        assembler = new PosTransactionAssembler<>(topicPrefix, defaultCountry);
        meters.gauge("omniretail.pos.pending.transactions", assembler, PosTransactionAssembler::pendingTransactions);
    }

    @PreDestroy
    void close() {
        avro.close();
    }

    @Incoming("pos-changes")
    public Uni<Void> onChange(Message<byte[]> message) {
        if (deadLetters.isReplayForAnother(message)) {
            return Uni.createFrom().completionStage(message.ack());
        }
        String topic = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic).orElse("");
        // decoding may ask the registry for a schema, a blocking call: on a worker thread, never the event loop (still
        // one record at a time: the channel waits for this Uni before the next record)
        return Uni.createFrom().item(() -> accept(topic, message)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().recoverWithUni(e -> deadLetters.send(message,
                                new RejectedEventException("not a Debezium change event in Avro: " + e.getMessage(), e))
                        .chain(() -> Uni.createFrom().completionStage(message.ack()))
                        .replaceWith(List.<PosTransactionAssembler.Completed<Message<byte[]>>>of()))
                .chain(this::publish);
    }

    /**
     * Decodes the record (a generic Avro record's toString is Avro's JSON rendering, unions unwrapped: the JSON tree
     * of Debezium's envelope the assembler reads) and hands it to the assembler; fails for a record that is not a
     * Debezium change event in Avro, which then goes to its topic's DLQ with the reason.
     */
    private List<PosTransactionAssembler.Completed<Message<byte[]>>> accept(String topic, Message<byte[]> message) {
        try {
            JsonNode value = message.getPayload() == null ? null : json.readTree(String.valueOf(avro.deserialize(topic, message.getPayload())));
            return assembler.accept(topic, value, message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Uni<Void> publish(List<PosTransactionAssembler.Completed<Message<byte[]>>> completed) {
        return Multi.createFrom().iterable(completed)
                .onItem().transformToUniAndConcatenate(done -> Multi.createFrom().iterable(done.touchpoints())
                        .onItem().transformToUniAndConcatenate(keyed -> publisher.publish(keyed.key(), keyed.touchpoint()))
                        .collect().last()
                        .invoke(() -> meters.counter("omniretail.pos.touchpoints").increment(done.touchpoints().size()))
                        .chain(() -> Multi.createFrom().iterable(done.records())
                                .onItem().transformToUniAndConcatenate(record -> Uni.createFrom().completionStage(record.ack()))
                                .collect().last()))
                .collect().last()
                .replaceWithVoid();
    }
}
