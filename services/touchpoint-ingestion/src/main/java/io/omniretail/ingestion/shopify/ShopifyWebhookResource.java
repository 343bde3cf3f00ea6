package io.omniretail.ingestion.shopify;

import io.omniretail.ingestion.edge.StrictJson;
import io.omniretail.ingestion.edge.UnmappablePayload;
import io.omniretail.ingestion.edge.ValidatedJson;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.catalog.ProductUpdated;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.ingestion.publish.CatalogPublisher;
import io.omniretail.ingestion.publish.TouchpointPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Shopify webhooks: every topic {@link ShopifyTopics} maps (orders, refunds, checkouts, customers, fulfilments,
 * returns and the mandatory privacy webhooks), and products/create and products/update, which become catalog events
 * (one per variant with a SKU, {@link ShopifyCatalogMapper}) rather than a touchpoint. Checks, in order: body size
 * (413), known shop (403), signature over the raw body (401), headers (400); then publishes one touchpoint (or the
 * catalog events) and answers 200 only after Kafka acknowledged it,
 * so Shopify retries anything we did not durably accept. A retry carries the same X-Shopify-Webhook-Id and
 * X-Shopify-Event-Id and maps to the same touchpoint id (derived from the Shopify object or event, see
 * {@link ShopifyDelivery}): at worst it is published again and downstream inboxes, durable and shared by every
 * instance, drop it; recently acknowledged deliveries are answered here without publishing at all. A topic nobody
 * maps is acknowledged ("ignored") and counted, so a subscription made by mistake does not retry forever.
 * <p>
 * A SIGNED payload that cannot become a touchpoint (malformed JSON, a value outside {@link ShopifyPayloads}'
 * bounds) is kept raw in retail.webhooks.quarantine.v1 with the reason and answered 202: a 4xx would make Shopify
 * retry the same bytes and finally drop the subscription. Kafka gets {@code omniretail.shopify.publish-timeout} to
 * acknowledge; past it the answer is 503 problem+json with Retry-After, well within Shopify's 5 s.
 */
@PermitAll
@Path("/webhooks/shopify")
public class ShopifyWebhookResource {

    private static final int RECENT_DELIVERIES = 10_000;

    @Inject
    ShopifyWebhookSecrets secrets;
    @Inject
    ShopifyConfig config;
    @Inject
    TouchpointPublisher publisher;
    @Inject
    CatalogPublisher catalog;
    @Inject
    MeterRegistry meters;
    @Inject
    Validator validator;

    private final ObjectMapper json = StrictJson.mapper();
    /** The per-request meters, looked up once (a registry lookup builds and sorts tags on every call). */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, String> acknowledged = Collections.synchronizedMap(
            new LinkedHashMap<>(1_024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > RECENT_DELIVERIES;
                }
            });

    public record Accepted(String status, String touchpointId, String reason) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Shopify webhook (orders, refunds, checkouts, customers, fulfillments, returns, privacy, products)")
    @APIResponse(responseCode = "200", description = "accepted and durably written to Kafka (or a known retry)")
    @APIResponse(responseCode = "202", description = "signed but not mappable: kept in quarantine with the reason")
    @APIResponse(responseCode = "400", description = "missing headers (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong X-Shopify-Hmac-Sha256 (problem+json)")
    @APIResponse(responseCode = "403", description = "unknown shop (problem+json)")
    @APIResponse(responseCode = "413", description = "body too large (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry after Retry-After (problem+json)")
    public Uni<Response> receive(byte[] body,
            @RestHeader("X-Shopify-Topic") String topic,
            @RestHeader("X-Shopify-Hmac-Sha256") String signature,
            @RestHeader("X-Shopify-Shop-Domain") String shop,
            @RestHeader("X-Shopify-Webhook-Id") String webhookId,
            @RestHeader("X-Shopify-Event-Id") String eventId,
            @RestHeader("X-Shopify-Triggered-At") String triggeredAt) {
        if (body.length > config.maxBodyBytes()) {
            throw rejected(413, "payload-too-large", "Payload too large", "body has " + body.length + " bytes, limit is " + config.maxBodyBytes());
        }
        if (!secrets.knows(shop)) {
            throw rejected(403, "unknown-shop", "Unknown shop", "no webhook secret is configured for this shop");
        }
        if (!secrets.verify(shop, body, signature)) {
            throw rejected(401, "invalid-signature", "Invalid webhook signature",
                    "X-Shopify-Hmac-Sha256 is missing or does not match the raw body for shop '" + shop + "'");
        }
        if (topic == null || topic.isBlank() || topic.length() > 64 || webhookId == null || webhookId.isBlank() || webhookId.length() > 128
                || eventId != null && eventId.length() > 128) {
            throw rejected(400, "missing-header", "Missing Shopify header",
                    "X-Shopify-Topic (up to 64 characters) and X-Shopify-Webhook-Id (up to 128) are required; X-Shopify-Event-Id has up to 128");
        }
        String known = acknowledged.get(shop + "/" + webhookId);
        if (known != null) {
            count(topic, "duplicate");
            return Uni.createFrom().item(Response.ok(new Accepted("duplicate", known.isEmpty() ? null : known, null)).build());
        }
        ShopifyDelivery delivery = new ShopifyDelivery(config.shop(shop), topic, webhookId, eventId, instant(triggeredAt), Instant.now());
        if (ShopifyCatalogMapper.TOPICS.contains(topic)) {
            return catalog(delivery, body, triggeredAt);
        }
        ShopifyTopics.Mapping<?> mapping = ShopifyTopics.of(topic);
        if (mapping == null) {
            // subscribed by mistake or new: acknowledge so Shopify does not retry forever, and count it
            count(topic, "ignored");
            return Uni.createFrom().item(Response.ok(new Accepted("ignored", null, null)).build());
        }
        Touchpoint touchpoint;
        try {
            touchpoint = map(mapping, delivery, body);
        } catch (UnmappablePayload | RuntimeException e) {
            return quarantined(delivery, body, triggeredAt, e);
        }
        return bounded(publisher.publish(ShopifyTopics.partitionKey(touchpoint), touchpoint))
                .invoke(() -> {
                    acknowledged.put(shop + "/" + webhookId, touchpoint.getTouchpointId());
                    count(topic, "accepted");
                })
                .replaceWith(Response.ok(new Accepted("accepted", touchpoint.getTouchpointId(), null)).build());
    }

    /** products/*: a catalog event per variant with a SKU, not a touchpoint (no customer is involved). */
    private Uni<Response> catalog(ShopifyDelivery delivery, byte[] body, String triggeredAt) {
        List<ProductUpdated> updates;
        try {
            updates = ShopifyCatalogMapper.products(delivery, parse(body, ShopifyPayloads.Product.class));
        } catch (UnmappablePayload | RuntimeException e) {
            return quarantined(delivery, body, triggeredAt, e);
        }
        String key = delivery.shop().domain() + "/" + delivery.webhookId();
        return bounded(catalog.publish(updates))
                .invoke(() -> {
                    acknowledged.put(key, "");
                    count(delivery.topic(), "accepted");
                })
                .replaceWith(Response.ok(new Accepted("accepted", null, updates.size() + " variant(s) with a SKU")).build());
    }

    /** A signed delivery that cannot be mapped: kept raw with the reason and everything a replay needs (make quarantine-replay). */
    private Uni<Response> quarantined(ShopifyDelivery delivery, byte[] body, String triggeredAt, Exception e) {
        String reason = e instanceof UnmappablePayload ? e.getMessage() : "cannot map the payload: " + e;
        count(delivery.topic(), "quarantined");
        String shop = delivery.shop().domain();
        Map<String, String> origin = new LinkedHashMap<>(Map.of("source", "shopify", "shop", shop, "topic", delivery.topic(),
                "webhookId", delivery.webhookId(), "reason", reason));
        if (delivery.eventId() != null) {
            origin.put("eventId", delivery.eventId());
        }
        if (triggeredAt != null && triggeredAt.length() <= 64) {
            origin.put("triggeredAt", triggeredAt);
        }
        return bounded(publisher.quarantine("shopify/" + shop + "/" + delivery.webhookId(), body, origin))
                .replaceWith(Response.status(202).entity(new Accepted("quarantined", null, reason)).build());
    }

    private <T> Touchpoint map(ShopifyTopics.Mapping<T> mapping, ShopifyDelivery delivery, byte[] body) throws UnmappablePayload {
        return mapping.mapper().apply(delivery, parse(body, mapping.payload()));
    }

    /** X-Shopify-Triggered-At (ISO-8601); unreadable or absent: unknown. */
    private static Instant instant(String header) {
        if (header == null || header.isBlank() || header.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(header.trim()).toInstant();
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    /** Kafka's acknowledgement within the publish timeout, or 503 with Retry-After (counted). */
    private Uni<Void> bounded(Uni<Void> send) {
        return TouchpointPublisher.within(send, config.publishTimeout()).onFailure().invoke(() ->
                meters.counter("omniretail.webhooks", "source", "shopify", "outcome", "unavailable").increment());
    }

    private <T> T parse(byte[] body, Class<T> type) throws UnmappablePayload {
        return ValidatedJson.read(json, validator, body, type);
    }

    private void count(String topic, String outcome) {
        String tag = metricTag(topic);
        counters.computeIfAbsent(tag + "|" + outcome,
                ignored -> meters.counter("omniretail.webhooks", "source", "shopify", "topic", tag, "outcome", outcome)).increment();
    }

    /** Known topics as themselves, anything else as "other": a header must not mint new meters. */
    private static String metricTag(String topic) {
        return ShopifyTopics.of(topic) != null || ShopifyCatalogMapper.TOPICS.contains(topic) ? topic : "other";
    }

    private ProblemException rejected(int status, String slug, String title, String detail) {
        meters.counter("omniretail.webhooks", "source", "shopify", "outcome", slug).increment();
        return new ProblemException(status, slug, title, detail);
    }
}
