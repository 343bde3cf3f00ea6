package io.omniretail.ingestion.shopify;

import java.time.Instant;

/**
 * One signed webhook delivery: the shop's settings and Shopify's headers. {@code eventId} (X-Shopify-Event-Id) is
 * the same for every delivery and every subscription of one Shopify event, {@code webhookId} (X-Shopify-Webhook-Id)
 * for the retries of one subscription; touchpoints that record a change rather than a fact derive their id from
 * {@link #eventKey()}, so a redelivery is the same event and downstream inboxes drop it, across restarts and
 * instances.
 */
record ShopifyDelivery(ShopifyConfig.Shop shop, String topic, String webhookId, String eventId, Instant triggeredAt,
        Instant receivedAt) {

    /** The Shopify event this delivery carries (its webhook id when Shopify sent no event id). */
    String eventKey() {
        return eventId != null && !eventId.isBlank() ? "event:" + eventId : "webhook:" + webhookId;
    }

    /** When the source changed the object: the payload's updated_at, else when Shopify triggered the webhook. */
    Instant sourceUpdatedAt(java.time.OffsetDateTime updatedAt) {
        return updatedAt != null ? updatedAt.toInstant() : triggeredAt;
    }
}
