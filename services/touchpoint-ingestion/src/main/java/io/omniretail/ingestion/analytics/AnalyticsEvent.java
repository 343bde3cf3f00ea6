package io.omniretail.ingestion.analytics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.validation.constraints.Size;

/**
 * One call of the Segment / RudderStack HTTP tracking spec, with the field names their SDKs send: identify, track,
 * page, screen, group and alias share the envelope; {@code properties}, {@code traits} and {@code context} are free
 * objects read by {@link AnalyticsMapper}. Unknown fields (integrations, version, channel...) are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalyticsEvent(@Size(max = 16) String type, @Size(max = 255) String userId, @Size(max = 255) String anonymousId,
        @Size(max = 255) String previousId, @Size(max = 255) String groupId, @Size(max = 255) String event,
        @Size(max = 255) String name, @Size(max = 255) String category, @Size(max = 255) String messageId,
        @Size(max = 64) String timestamp, @Size(max = 64) String originalTimestamp, @Size(max = 64) String sentAt,
        JsonNode properties, JsonNode traits, JsonNode context, @Size(max = 255) String writeKey) {

    /** The call with the batch's own context under its own (Segment: the message's values win). */
    AnalyticsEvent withBatch(JsonNode batchContext, String batchSentAt) {
        JsonNode mergedContext = context;
        if (batchContext instanceof ObjectNode shared) {
            ObjectNode merged = shared.deepCopy();
            if (context instanceof ObjectNode own) {
                merged.setAll(own);
            }
            mergedContext = merged;
        }
        return new AnalyticsEvent(type, userId, anonymousId, previousId, groupId, event, name, category, messageId, timestamp,
                originalTimestamp, sentAt != null ? sentAt : batchSentAt, properties, traits, mergedContext, writeKey);
    }

    /** A call posted to /v1/{type} names its type by the path. */
    AnalyticsEvent ofType(String pathType) {
        return new AnalyticsEvent(pathType, userId, anonymousId, previousId, groupId, event, name, category, messageId, timestamp,
                originalTimestamp, sentAt, properties, traits, context, writeKey);
    }
}
