package io.omniretail.kit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;

import io.omniretail.events.common.EventMetadata;

/**
 * Event ids and the correlation chain. Ids are name-based UUIDs derived from what caused the event, so that
 * processing the same input twice (a webhook retry, a redelivered record) yields the same eventId and every
 * downstream inbox recognises the duplicate.
 */
public final class EventMetadataFactory {

    private EventMetadataFactory() {
    }

    /** A stable UUID for the given parts, e.g. derivedId("shopify", shop, "order", orderId). */
    public static String derivedId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The id of something a REST call creates: derived from its scope and the caller's Idempotency-Key, so that a retry
     * names the same thing; a fresh random id when the caller sent no key.
     */
    public static String idempotentId(String idempotencyKey, String... scope) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return UUID.randomUUID().toString();
        }
        String[] parts = java.util.Arrays.copyOf(scope, scope.length + 1);
        parts[scope.length] = idempotencyKey.trim();
        return derivedId(parts);
    }

    /** Metadata of the first event of a chain: it is its own correlation. */
    public static EventMetadata origin(String eventId, Instant occurredAt, String source) {
        return EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(occurredAt).setSource(source)
                .setCorrelationId(eventId).setCausationId(null).build();
    }

    /**
     * Metadata of an event caused by another: same correlationId, causationId = the cause's eventId, and an id
     * derived from the cause and what this event is (so a reprocessed cause gives the same id).
     */
    public static EventMetadata causedBy(EventMetadata cause, String what, String source, Instant occurredAt) {
        return EventMetadata.newBuilder()
                .setEventId(derivedId(cause.getEventId(), what))
                .setOccurredAt(occurredAt)
                .setSource(source)
                .setCorrelationId(cause.getCorrelationId())
                .setCausationId(cause.getEventId())
                .setTraceparent(cause.getTraceparent())
                .build();
    }

    /** Every platform event has EventMetadata as its field "metadata" (checked by TopicCatalogTest). */
    public static EventMetadata metadataOf(SpecificRecord event) {
        Object metadata = event.get(event.getSchema().getField("metadata").pos());
        if (!(metadata instanceof EventMetadata eventMetadata)) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " carries no EventMetadata");
        }
        return eventMetadata;
    }
}
