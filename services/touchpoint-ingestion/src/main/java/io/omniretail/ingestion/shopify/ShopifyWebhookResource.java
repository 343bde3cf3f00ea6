package io.omniretail.ingestion.shopify;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.ingestion.publish.TouchpointPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Shopify webhooks (orders/create, refunds/create). Checks, in order: body size (413), known shop (403),
 * signature over the raw body (401), JSON (400); then publishes one touchpoint and answers 200 only after Kafka
 * acknowledged it, so Shopify retries anything we did not durably accept. A retry carries the same
 * X-Shopify-Webhook-Id and maps to the same touchpoint id: at worst it is published again and downstream
 * inboxes drop it; recently acknowledged webhook ids are answered without publishing at all.
 */
@Path("/webhooks/shopify")
public class ShopifyWebhookResource {

    static final String ORDERS_CREATE = "orders/create";
    static final String REFUNDS_CREATE = "refunds/create";
    private static final int RECENT_WEBHOOK_IDS = 10_000;

    @Inject
    ShopifyWebhookSecrets secrets;
    @Inject
    TouchpointPublisher publisher;
    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "omniretail.shopify.max-body-bytes")
    int maxBodyBytes;
    @ConfigProperty(name = "omniretail.shopify.default-currency", defaultValue = "JPY")
    String defaultCurrency;

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    private final Map<String, String> acknowledged = Collections.synchronizedMap(
            new LinkedHashMap<>(1_024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > RECENT_WEBHOOK_IDS;
                }
            });

    public record Accepted(String status, String touchpointId) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Shopify webhook (orders/create, refunds/create)")
    @APIResponse(responseCode = "200", description = "accepted and durably written to Kafka (or a known retry)")
    @APIResponse(responseCode = "400", description = "malformed JSON or missing headers (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong X-Shopify-Hmac-Sha256 (problem+json)")
    @APIResponse(responseCode = "403", description = "unknown shop (problem+json)")
    @APIResponse(responseCode = "413", description = "body too large (problem+json)")
    public Uni<Accepted> receive(byte[] body,
            @RestHeader("X-Shopify-Topic") String topic,
            @RestHeader("X-Shopify-Hmac-Sha256") String signature,
            @RestHeader("X-Shopify-Shop-Domain") String shop,
            @RestHeader("X-Shopify-Webhook-Id") String webhookId) {
        if (body.length > maxBodyBytes) {
            throw rejected(413, "payload-too-large", "Payload too large", "body has " + body.length + " bytes, limit is " + maxBodyBytes);
        }
        if (!secrets.knows(shop)) {
            throw rejected(403, "unknown-shop", "Unknown shop", "no webhook secret is configured for shop '" + shop + "'");
        }
        if (!secrets.verify(shop, body, signature)) {
            throw rejected(401, "invalid-signature", "Invalid webhook signature",
                    "X-Shopify-Hmac-Sha256 is missing or does not match the raw body for shop '" + shop + "'");
        }
        if (topic == null || webhookId == null || webhookId.isBlank()) {
            throw rejected(400, "missing-header", "Missing Shopify header", "X-Shopify-Topic and X-Shopify-Webhook-Id are required");
        }
        String known = acknowledged.get(shop + "/" + webhookId);
        if (known != null) {
            meters.counter("omniretail.webhooks", "source", "shopify", "topic", topic, "outcome", "duplicate").increment();
            return Uni.createFrom().item(new Accepted("duplicate", known));
        }
        Touchpoint touchpoint = switch (topic) {
            case ORDERS_CREATE -> ShopifyTouchpointMapper.purchase(shop, parse(body, ShopifyPayloads.Order.class), Instant.now());
            case REFUNDS_CREATE -> ShopifyTouchpointMapper.refund(shop, parse(body, ShopifyPayloads.Refund.class), defaultCurrency, Instant.now());
            default -> null;
        };
        if (touchpoint == null) {
            // subscribed by mistake or new: acknowledge so Shopify does not retry forever, and count it
            meters.counter("omniretail.webhooks", "source", "shopify", "topic", topic, "outcome", "ignored").increment();
            return Uni.createFrom().item(new Accepted("ignored", null));
        }
        return publisher.publish(ShopifyTouchpointMapper.partitionKey(touchpoint), touchpoint)
                .invoke(() -> {
                    acknowledged.put(shop + "/" + webhookId, touchpoint.getTouchpointId());
                    meters.counter("omniretail.webhooks", "source", "shopify", "topic", topic, "outcome", "accepted").increment();
                })
                .replaceWith(new Accepted("accepted", touchpoint.getTouchpointId()));
    }

    private <T> T parse(byte[] body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JacksonException e) {
            throw rejected(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
        } catch (IOException e) {
            throw rejected(400, "malformed-json", "Unreadable body", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw rejected(400, "invalid-payload", "Invalid payload", e.getMessage());
        }
    }

    private ProblemException rejected(int status, String slug, String title, String detail) {
        meters.counter("omniretail.webhooks", "source", "shopify", "outcome", slug).increment();
        return new ProblemException(status, slug, title, detail);
    }
}
