package io.omniretail.ingestion.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.ingestion.publish.TouchpointPublisher;
import io.omniretail.kit.http.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What every signed inbound webhook (LINE, SMS, chat, surveys) does the same way: count each answer under
 * {@code omniretail.webhooks{source, outcome}}, reject with problem+json (counted), and publish touchpoints so that
 * the answer comes only after Kafka acknowledged all of them, within the source's timeout (else 503 with
 * Retry-After, counted "unavailable"). Touchpoint ids derive from the provider's event or message id, so a
 * provider's retry is the same touchpoint downstream.
 */
@ApplicationScoped
public class InboundWebhooks {

    @Inject
    TouchpointPublisher publisher;
    @Inject
    MeterRegistry meters;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** A touchpoint and the partition key that keeps one conversation (or customer) in order. */
    public record Keyed(String key, Touchpoint touchpoint) {
    }

    public void count(String source, String outcome) {
        counter(source, outcome).increment();
    }

    private Counter counter(String source, String outcome) {
        return counters.computeIfAbsent(source + "|" + outcome,
                ignored -> meters.counter("omniretail.webhooks", "source", source, "outcome", outcome));
    }

    public ProblemException rejected(String source, int status, String slug, String title, String detail) {
        count(source, slug);
        return new ProblemException(status, slug, title, detail);
    }

    /** 413 problem+json (counted) for a body over the source's limit. */
    public void requireSize(String source, byte[] body, int maxBytes) {
        if (body.length > maxBytes) {
            throw rejected(source, 413, "payload-too-large", "Payload too large", "body has " + body.length + " bytes, limit is " + maxBytes);
        }
    }

    /**
     * 401 problem+json unless {@code header} is a {@link TimestampedSignature} of {@code body} with one of
     * {@code secrets} and a timestamp within {@code tolerance} of now (counted "invalid-signature" or "stale-signature").
     */
    public void verifyTimestamped(String source, String header, byte[] body, List<byte[]> secrets, Duration tolerance) {
        switch (TimestampedSignature.verify(header, body, secrets, Instant.now(), tolerance)) {
            case VALID -> {
            }
            case STALE -> throw rejected(source, 401, "stale-signature", "Stale webhook signature",
                    "the signed timestamp t is more than " + tolerance.toSeconds() + " s from now: sign each delivery when it is sent");
            default -> throw rejected(source, 401, "invalid-signature", "Invalid webhook signature",
                    TimestampedSignature.HEADER + " must be t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + \".\" + raw body)>");
        }
    }

    /** Publishes in order; completes when Kafka acknowledged every one, else fails with 503 problem+json. */
    public Uni<Void> publishAll(String source, List<Keyed> touchpoints, Duration timeout) {
        if (touchpoints.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> all = Multi.createFrom().iterable(touchpoints)
                .onItem().transformToUniAndConcatenate(keyed -> publisher.publish(keyed.key(), keyed.touchpoint()))
                .collect().last().replaceWithVoid();
        return TouchpointPublisher.within(all, timeout)
                .onItem().invoke(() -> counter(source, "accepted").increment(touchpoints.size()))
                .onFailure().invoke(() -> count(source, "unavailable"));
    }

    /** A signed body that cannot become touchpoints, kept raw with the reason (answered 202 by the caller). */
    public Uni<Void> quarantine(String source, String key, byte[] body, Map<String, String> origin, Duration timeout) {
        count(source, "quarantined");
        return TouchpointPublisher.within(publisher.quarantine(key, body, origin), timeout)
                .onFailure().invoke(() -> count(source, "unavailable"));
    }
}
