package io.omniretail.ingestion.pos;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.ingestion.publish.TouchpointPublisher;
import io.omniretail.kit.DeadLetters;
import io.omniretail.kit.RejectedEventException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads the POS database's change topics (Debezium JSON) and publishes touchpoints. Records are acknowledged
 * only after the touchpoints they became were acknowledged by Kafka (throttled commits never move past an
 * unacknowledged record), so a crash replays the incomplete transactions; the touchpoints' derived ids make the
 * replay harmless. Records that are not JSON go to their topic's DLQ.
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

    private final ObjectMapper json = new ObjectMapper();
    private PosTransactionAssembler<Message<String>> assembler;

    /** The assembler's state, for readiness (PosCaptureHealthCheck). */
    public Duration oldestPendingTransaction() {
        return assembler.oldestPending();
    }

    @PostConstruct
    void init() {
        assembler = new PosTransactionAssembler<>(topicPrefix, defaultCountry);
        meters.gauge("omniretail.pos.pending.transactions", assembler, PosTransactionAssembler::pendingTransactions);
    }

    @Incoming("pos-changes")
    public Uni<Void> onChange(Message<String> message) {
        if (deadLetters.isReplayForAnother(message)) {
            return Uni.createFrom().completionStage(message.ack());
        }
        String topic = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic).orElse("");
        List<PosTransactionAssembler.Completed<Message<String>>> completed;
        try {
            JsonNode value = message.getPayload() == null ? null : json.readTree(message.getPayload());
            completed = assembler.accept(topic, value, message);
        } catch (JsonProcessingException | RuntimeException e) {
            return deadLetters.send(message, new RejectedEventException("not a Debezium change event: " + e.getMessage(), e))
                    .chain(() -> Uni.createFrom().completionStage(message.ack()));
        }
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
