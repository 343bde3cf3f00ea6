package io.omniretail.ingestion.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.kit.http.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes touchpoints to retail.touchpoints.v1, and signed webhooks that cannot become touchpoints, raw, to
 * retail.webhooks.quarantine.v1 (reason and origin in headers). The returned Uni completes only when Kafka
 * acknowledged (acks=all).
 */
@ApplicationScoped
public class TouchpointPublisher {

    @Inject
    @Channel("touchpoints")
    MutinyEmitter<Touchpoint> touchpoints;
    @Inject
    @Channel("quarantine")
    MutinyEmitter<byte[]> quarantine;

    public Uni<Void> publish(String key, Touchpoint touchpoint) {
        return touchpoints.sendMessage(Message.of(touchpoint)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }

    /**
     * Kafka's acknowledgement of {@code send} within {@code timeout}; otherwise (or on any failure) 503 problem+json
     * with Retry-After, so that the sender retries what was not durably accepted.
     */
    public static Uni<Void> within(Uni<Void> send, Duration timeout) {
        return send.ifNoItem().after(timeout).fail()
                .onFailure().transform(error -> ProblemException.unavailable("broker-unavailable", "Event log unavailable",
                        "Kafka did not acknowledge within " + timeout.toMillis() + " ms; nothing was accepted, retry later", 5));
    }

    public Uni<Void> quarantine(String key, byte[] body, Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, value) -> recordHeaders.add("quarantine." + name, value.getBytes(StandardCharsets.UTF_8)));
        return quarantine.sendMessage(Message.of(body)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(recordHeaders).build()));
    }
}
