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
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Shopify webhooks against the real broker and registry: what is accepted reaches Kafka once, nothing else does. */
@QuarkusTest
class ShopifyWebhookIT {

    static final String TOPIC = "retail.touchpoints.v1";
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

    private static ValidatableResponse post(String topic, String body, String signature, String webhookId) {
        var request = given().header("X-Shopify-Shop-Domain", ShopifySamples.SHOP)
                .header("X-Shopify-Webhook-Id", webhookId)
                .header("X-Shopify-API-Version", "2025-07")
                .contentType("application/json").body(body);
        if (signature != null) {
            request.header("X-Shopify-Hmac-Sha256", signature);
        }
        if (topic != null) {
            request.header("X-Shopify-Topic", topic);
        }
        return request.post("/webhooks/shopify").then();
    }

    private static void problem(ValidatableResponse response, int status, String slug) {
        response.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("type", equalTo("https://omniretail.io/problems/" + slug));
    }
}
