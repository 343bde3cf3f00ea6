package io.omniretail.ingestion.shopify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omniretail.events.catalog.ProductUpdated;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.ShopifyFixtures;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Shopify webhooks against the real broker and registry: what is accepted reaches Kafka once, nothing else does. */
@QuarkusTest
class ShopifyWebhookIT {

    static final String TOPIC = "retail.touchpoints.v1";
    static final String US_SHOP = "us-shop.myshopify.com";
    private TopicProbe touchpoints;

    @BeforeEach
    void watch() {
        touchpoints = TopicProbe.from(TOPIC);
    }

    @AfterEach
    void close() {
        touchpoints.close();
    }

    @Test
    void signedOrderIsAnsweredOnlyAfterKafkaHasTheTouchpointInConfluentFormat() {
        String body = ShopifySamples.orderWithFreshId();
        String touchpointId = post("orders/create", body, ShopifySamples.sign(ShopifySamples.SECRET, body), UUID.randomUUID().toString())
                .statusCode(200).body("status", equalTo("accepted")).extract().path("touchpointId");

        TopicProbe.Received received = touchpoints.await(r -> r.value() instanceof Touchpoint tp
                && tp.getTouchpointId().equals(touchpointId), Duration.ofSeconds(10));
        Touchpoint tp = (Touchpoint) received.value();
        assertThat(received.key()).isEqualTo("shopify-customer:7598311063626");
        assertThat(tp.getIdentity().getEmail()).isEqualTo("hana.yamada@example.jp");
        assertThat(received.rawValue()[0]).as("Confluent magic byte").isZero();
        assertThat(ByteBuffer.wrap(received.rawValue(), 1, 4).getInt()).as("schema id").isPositive();
    }

    @Test
    void aRetriedWebhookIsAcknowledgedWithoutASecondTouchpoint() {
        String body = ShopifySamples.orderWithFreshId();
        String webhookId = UUID.randomUUID().toString();
        String signature = ShopifySamples.sign(ShopifySamples.SECRET, body);
        String touchpointId = post("orders/create", body, signature, webhookId).statusCode(200).extract().path("touchpointId");
        post("orders/create", body, signature, webhookId).statusCode(200)
                .body("status", equalTo("duplicate")).body("touchpointId", equalTo(touchpointId));

        assertThat(touchpoints.collect(Duration.ofSeconds(3)))
                .filteredOn(r -> r.value() instanceof Touchpoint tp && tp.getTouchpointId().equals(touchpointId))
                .hasSize(1);
    }

    @Test
    void theRotatedPreviousSecretStillVerifies() {
        String body = ShopifySamples.orderWithFreshId();
        post("orders/create", body, ShopifySamples.sign("demo-shop-previous-secret", body), UUID.randomUUID().toString())
                .statusCode(200);
    }

    @Test
    void badWebhooksGetProblemDetailsAndNothingReachesKafka() {
        String body = ShopifySamples.orderWithFreshId();
        String orderId = body.substring(body.indexOf("\"id\":") + 5, body.indexOf(',', body.indexOf("\"id\":"))).trim();

        problem(post("orders/create", body, ShopifySamples.sign("wrong-secret", body), UUID.randomUUID().toString()), 401, "invalid-signature");
        problem(post("orders/create", body, null, UUID.randomUUID().toString()), 401, "invalid-signature");
        problem(given().header("X-Shopify-Topic", "orders/create").header("X-Shopify-Shop-Domain", "stranger.myshopify.com")
                .header("X-Shopify-Hmac-Sha256", ShopifySamples.sign(ShopifySamples.SECRET, body))
                .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .contentType("application/json").body(body).post("/webhooks/shopify").then(), 403, "unknown-shop");
        problem(post(null, body, ShopifySamples.sign(ShopifySamples.SECRET, body), UUID.randomUUID().toString()), 400, "missing-header");
        char[] padding = new char[1_100_000];
        Arrays.fill(padding, ' ');
        String oversized = body + new String(padding);
        problem(post("orders/create", oversized, ShopifySamples.sign(ShopifySamples.SECRET, oversized), UUID.randomUUID().toString()), 413, "payload-too-large");

        assertThat(touchpoints.collect(Duration.ofSeconds(3)))
                .noneMatch(r -> r.value() instanceof Touchpoint tp && tp.getPurchase() != null && tp.getPurchase().getOrderId().equals(orderId));
    }

    @Test
    void aSignedButUnmappableBodyIsKeptInQuarantineWithItsReasonAndAnswered202() {
        String order = ShopifySamples.orderWithFreshId();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("malformed JSON", order.substring(0, order.length() / 2));
        cases.put("not a JSON object", "null");
        cases.put("totalPrice", order.replaceFirst("\"total_price\":\\s*\"[^\"]*\"", "\"total_price\": 1e999999999"));
        cases.put("duplicate field", "{\"id\": 1, \"id\": 2, \"currency\": \"JPY\", \"total_price\": \"1\"}");
        cases.put("trailing token", "{\"id\": 1}{\"id\": 2}");
        cases.put("id", order.replaceFirst("\"id\":\\s*\\d+", "\"id\": null"));
        try (TopicProbe quarantine = TopicProbe.from("retail.webhooks.quarantine.v1")) {
            cases.forEach((reason, body) -> {
                String webhookId = UUID.randomUUID().toString();
                post("orders/create", body, ShopifySamples.sign(ShopifySamples.SECRET, body), webhookId)
                        .statusCode(202).body("status", equalTo("quarantined")).body("reason", containsStringIgnoringCase(reason));
                TopicProbe.Received kept = quarantine.await(r -> r.key().endsWith("/" + webhookId), Duration.ofSeconds(10));
                assertThat(new String(kept.rawValue(), StandardCharsets.UTF_8)).as(reason).isEqualTo(body);
                assertThat(kept.headers()).as(reason).containsEntry("quarantine.topic", "orders/create")
                        .hasEntrySatisfying("quarantine.reason", value -> assertThat(value).containsIgnoringCase(reason));
            });
        }
    }

    @Test
    void controlCharactersInNamesAreStrippedAndTheOrderAccepted() {
        String body = ShopifySamples.orderWithFreshId().replace("\"first_name\": \"花\"", "\"first_name\": \"\\u0000花\"");
        assertThat(body).contains("\\u0000");
        String touchpointId = post("orders/create", body, ShopifySamples.sign(ShopifySamples.SECRET, body), UUID.randomUUID().toString())
                .statusCode(200).extract().path("touchpointId");
        Touchpoint tp = (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint t && t.getTouchpointId().equals(touchpointId),
                Duration.ofSeconds(10)).value();
        assertThat(tp.getIdentity().getFirstName()).isEqualTo("花");
    }

    record Step(String topic, String sample, TouchpointType type) {
    }

    @Test
    void everyMappedTopicOfOneShoppersLifecycleReachesKafkaAsItsTouchpointAndTheRestIsAcknowledged() {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String orderId = "64" + n + "001";
        String email = "topics." + n + "@example.jp";
        List<Step> lifecycle = List.of(
                new Step("customers/create", "customers-create.json", TouchpointType.SIGNUP),
                new Step("checkouts/create", "checkouts-create.json", TouchpointType.CHECKOUT_UPDATED),
                new Step("checkouts/update", "checkouts-update.json", TouchpointType.CHECKOUT_UPDATED),
                new Step("orders/create", "orders-create.json", TouchpointType.PURCHASE),
                new Step("orders/paid", "orders-paid.json", TouchpointType.PURCHASE),
                new Step("orders/updated", "orders-updated.json", TouchpointType.PURCHASE),
                new Step("orders/partially_fulfilled", "orders-partially_fulfilled.json", TouchpointType.ORDER_FULFILLED),
                new Step("fulfillments/create", "fulfillments-create.json", TouchpointType.FULFILLMENT_UPDATED),
                new Step("orders/fulfilled", "orders-fulfilled.json", TouchpointType.ORDER_FULFILLED),
                new Step("fulfillments/update", "fulfillments-update-failure.json", TouchpointType.FULFILLMENT_UPDATED),
                new Step("fulfillments/update", "fulfillments-update-ready-for-pickup.json", TouchpointType.FULFILLMENT_UPDATED),
                new Step("fulfillments/update", "fulfillments-update.json", TouchpointType.FULFILLMENT_UPDATED),
                new Step("refunds/create", "refunds-create.json", TouchpointType.REFUND),
                new Step("customers/update", "customers-update.json", TouchpointType.PROFILE_UPDATE),
                new Step("customers_email_marketing_consent/update", "customers_email_marketing_consent-update.json", TouchpointType.PROFILE_UPDATE),
                new Step("customers_marketing_consent/update", "customers_marketing_consent-update.json", TouchpointType.PROFILE_UPDATE),
                new Step("returns/request", "returns-request.json", TouchpointType.RETURN_REQUEST),
                new Step("returns/approve", "returns-approve.json", TouchpointType.RETURN_UPDATED),
                new Step("reverse_deliveries/attach_deliverable", "reverse_deliveries-attach_deliverable.json", TouchpointType.RETURN_UPDATED),
                new Step("returns/close", "returns-close.json", TouchpointType.RETURN_UPDATED),
                new Step("returns/decline", "returns-decline.json", TouchpointType.RETURN_UPDATED),
                new Step("customers/data_request", "customers-data_request.json", TouchpointType.PRIVACY_REQUEST),
                new Step("customers/redact", "customers-redact.json", TouchpointType.PRIVACY_REQUEST));
        for (Step step : lifecycle) {
            String body = ShopifyFixtures.forShopper(step.sample(), n, orderId, email);
            String touchpointId = post(step.topic(), body, ShopifySamples.sign(ShopifySamples.SECRET, body), UUID.randomUUID().toString())
                    .statusCode(200).body("status", equalTo("accepted")).extract().path("touchpointId");
            Touchpoint tp = (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint t && t.getTouchpointId().equals(touchpointId),
                    Duration.ofSeconds(10)).value();
            assertThat(tp.getType()).as(step.sample()).isEqualTo(step.type());
        }
        // a second order of the shopper, cancelled
        String cancelled = ShopifyFixtures.forShopper("orders-cancelled.json", n, "65" + n + "002", email);
        String cancellation = post("orders/cancelled", cancelled, ShopifySamples.sign(ShopifySamples.SECRET, cancelled), UUID.randomUUID().toString())
                .statusCode(200).extract().path("touchpointId");
        assertThat(((Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint t && t.getTouchpointId().equals(cancellation),
                Duration.ofSeconds(10)).value()).getType()).isEqualTo(TouchpointType.ORDER_CANCELLED);
        // store pickup readiness names no order (a FulfillmentOrder GID only): acknowledged, counted, not mapped
        String pickup = ShopifyFixtures.read("fulfillment_orders-line_items_prepared_for_pickup.json");
        post("fulfillment_orders/line_items_prepared_for_pickup", pickup, ShopifySamples.sign(ShopifySamples.SECRET, pickup),
                UUID.randomUUID().toString()).statusCode(200).body("status", equalTo("ignored"));
    }

    @Test
    void aShopInAnotherCurrencyHasItsRefundsAndRequestsInItsOwnSettings() {
        String refund = ShopifyFixtures.read("refunds-create-usd.json");
        String refundId = post("refunds/create", refund, ShopifySamples.sign("us-shop-secret", refund), UUID.randomUUID().toString(), US_SHOP, null)
                .statusCode(200).extract().path("touchpointId");
        Touchpoint tp = (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint t && t.getTouchpointId().equals(refundId),
                Duration.ofSeconds(10)).value();
        assertThat(tp.getRefund().getAmount().getCurrency()).isEqualTo("USD");
        assertThat(tp.getMetadata().getSource()).isEqualTo("shopify:" + US_SHOP);

        String shopRedact = ShopifyFixtures.read("shop-redact.json").replace(ShopifySamples.SHOP, US_SHOP);
        String requestId = post("shop/redact", shopRedact, ShopifySamples.sign("us-shop-secret", shopRedact), UUID.randomUUID().toString(), US_SHOP, null)
                .statusCode(200).extract().path("touchpointId");
        Touchpoint request = (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint t && t.getTouchpointId().equals(requestId),
                Duration.ofSeconds(10)).value();
        assertThat(request.getPrivacyRequest().getShop()).isEqualTo(US_SHOP);
    }

    @Test
    void twoSubscriptionsOfOneShopifyEventAreOneTouchpointAndAnotherEventIsAnother() {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String body = ShopifyFixtures.forShopper("checkouts-update.json", n, "66" + n + "001", "event." + n + "@example.jp");
        String signature = ShopifySamples.sign(ShopifySamples.SECRET, body);
        String event = UUID.randomUUID().toString();
        String first = post("checkouts/update", body, signature, UUID.randomUUID().toString(), ShopifySamples.SHOP, event)
                .statusCode(200).extract().path("touchpointId");
        String second = post("checkouts/update", body, signature, UUID.randomUUID().toString(), ShopifySamples.SHOP, event)
                .statusCode(200).extract().path("touchpointId");
        String other = post("checkouts/update", body, signature, UUID.randomUUID().toString(), ShopifySamples.SHOP, UUID.randomUUID().toString())
                .statusCode(200).extract().path("touchpointId");

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aProductUpdateBecomesOneCatalogEventPerVariantWithASkuWithItsPriceAndStock() {
        String body = ShopifySamples.read("products-update.json");
        String webhookId = UUID.randomUUID().toString();
        try (TopicProbe catalog = TopicProbe.from("retail.catalog.products.v1")) {
            post("products/update", body, ShopifySamples.sign(ShopifySamples.SECRET, body), webhookId).statusCode(200)
                    .body("status", equalTo("accepted")).body("reason", equalTo("2 variant(s) with a SKU"));
            post("products/update", body, ShopifySamples.sign(ShopifySamples.SECRET, body), webhookId).statusCode(200)
                    .body("status", equalTo("duplicate"));

            TopicProbe.Received medium = catalog.await(r -> r.value() instanceof ProductUpdated p && p.getSku().equals("TEE-ORG-WHT-M"),
                    Duration.ofSeconds(10));
            ProductUpdated restocked = (ProductUpdated) medium.value();
            assertThat(medium.key()).isEqualTo("TEE-ORG-WHT-M");
            assertThat(restocked.getTitle()).isEqualTo("Organic cotton tee - White / M");
            assertThat(restocked.getPrice().getAmount()).isEqualByComparingTo("2980");
            assertThat(restocked.getPrice().getCurrency()).isEqualTo("JPY");
            assertThat(restocked.getCompareAtPrice().getAmount()).isEqualByComparingTo("3980");
            assertThat(restocked.getAvailable()).isEqualTo(12L);
            assertThat(restocked.getUrl()).isEqualTo("https://" + ShopifySamples.SHOP + "/products/organic-cotton-tee");
            ProductUpdated large = (ProductUpdated) catalog.await(r -> r.value() instanceof ProductUpdated p
                    && p.getSku().equals("TEE-ORG-WHT-L"), Duration.ofSeconds(10)).value();
            assertThat(large.getAvailable()).isZero();
            assertThat(large.getCompareAtPrice()).isNull();
            assertThat(catalog.collect(Duration.ofSeconds(2))).as("the gift wrap has no SKU; the retry is answered without publishing")
                    .filteredOn(r -> r.value() instanceof ProductUpdated p && p.getProductId().equals("8123456789012")).hasSize(2);
        }
        post("products/update", "{\"id\": -1}", ShopifySamples.sign(ShopifySamples.SECRET, "{\"id\": -1}"), UUID.randomUUID().toString())
                .statusCode(202).body("status", equalTo("quarantined"));
    }

    private static ValidatableResponse post(String topic, String body, String signature, String webhookId) {
        return post(topic, body, signature, webhookId, ShopifySamples.SHOP, null);
    }

    private static ValidatableResponse post(String topic, String body, String signature, String webhookId, String shop, String eventId) {
        var request = given().header("X-Shopify-Shop-Domain", shop)
                .header("X-Shopify-Webhook-Id", webhookId)
                .header("X-Shopify-API-Version", "2025-07")
                .contentType("application/json").body(body);
        if (signature != null) {
            request.header("X-Shopify-Hmac-Sha256", signature);
        }
        if (topic != null) {
            request.header("X-Shopify-Topic", topic);
        }
        if (eventId != null) {
            request.header("X-Shopify-Event-Id", eventId);
        }
        return request.post("/webhooks/shopify").then();
    }

    private static void problem(ValidatableResponse response, int status, String slug) {
        response.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("type", equalTo("https://omniretail.io/problems/" + slug));
    }
}
