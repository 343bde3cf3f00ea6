package io.omniretail.e2e;

import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.touchpoint.ShipmentStatus;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TopicProbe;
import io.restassured.response.Response;

/**
 * One shopper's whole Shopify lifecycle, posted as signed webhooks in the shape of Shopify's published samples, with
 * every service running: sign-up, checkout, the order (created, paid, updated, fulfilled), its shipment (a failed
 * delivery, then delivered), a return with its label, and a second order cancelled. Everything lands on one profile;
 * the order counts and earns once however many topics report it; the cancellation gives its points back.
 */
class ShopifyLifecycleE2EIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void checkoutOrderShipmentReturnAndCancellationOfOneShopperLandOnOneProfile() throws Exception {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String email = "lifecycle." + n + "@example.jp";
        String orderId = "62" + n + "001";
        Map<String, String> chain = new LinkedHashMap<>();
        chain.put("customers/create", "customers-create.json");
        chain.put("checkouts/create", "checkouts-create.json");
        chain.put("orders/create", "orders-create.json");
        chain.put("orders/paid", "orders-paid.json");
        chain.put("orders/updated", "orders-updated.json");
        chain.put("fulfillments/create", "fulfillments-create.json");
        chain.put("fulfillments/update", "fulfillments-update-failure.json");
        chain.put("fulfillments/update#delivered", "fulfillments-update.json");
        chain.put("returns/request", "returns-request.json");
        chain.put("reverse_deliveries/attach_deliverable", "reverse_deliveries-attach_deliverable.json");

        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe loyalty = TopicProbe.from("retail.loyalty.events.v1")) {
            Map<String, String> touchpoints = new LinkedHashMap<>();
            for (Map.Entry<String, String> step : chain.entrySet()) {
                String topic = step.getKey().replaceAll("#.*", "");
                Response accepted = postWebhook(topic, ShopifySamples.forShopper(step.getValue(), n, orderId, email));
                assertThat(accepted.statusCode()).as(step.getKey()).isEqualTo(200);
                assertThat((String) accepted.path("status")).as(step.getKey()).isEqualTo("accepted");
                touchpoints.put(step.getKey(), accepted.path("touchpointId"));
            }
            assertThat(touchpoints.get("orders/paid")).as("one purchase whichever topic reports it")
                    .isEqualTo(touchpoints.get("orders/create")).isEqualTo(touchpoints.get("orders/updated"));

            Map<String, CustomerEvent> events = new LinkedHashMap<>();
            for (Map.Entry<String, String> touchpoint : touchpoints.entrySet()) {
                events.put(touchpoint.getKey(), (CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                        && e.getTouchpointId().equals(touchpoint.getValue()), WAIT).value());
            }
            String customerId = events.get("customers/create").getCustomerId();
            assertThat(events.values()).as("one profile").extracting(CustomerEvent::getCustomerId).containsOnly(customerId);
            assertThat(events.get("customers/create").getType()).isEqualTo(TouchpointType.SIGNUP);
            assertThat(events.get("checkouts/create").getCheckout().getCheckoutToken())
                    .isEqualTo(events.get("orders/create").getOrder().getCheckoutToken());
            assertThat(events.get("orders/create").getType()).isEqualTo(TouchpointType.PURCHASE);
            assertThat(events.get("fulfillments/update").getFulfillment().getShipmentStatus()).isEqualTo(ShipmentStatus.FAILURE);
            assertThat(events.get("fulfillments/update#delivered").getFulfillment().getShipmentStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(events.get("returns/request").getType()).isEqualTo(TouchpointType.RETURN_REQUEST);
            assertThat(events.get("reverse_deliveries/attach_deliverable").getSourceReturn().getLabelUrl()).endsWith(".pdf");
            assertThat(unified.collect(Duration.ofSeconds(2))).as("the purchase reached the unified stream once")
                    .filteredOn(r -> r.value() instanceof CustomerEvent e && e.getTouchpointId().equals(touchpoints.get("orders/create")))
                    .hasSize(1);

            LoyaltyEvent earned = (LoyaltyEvent) loyalty.await(r -> r.value() instanceof LoyaltyEvent e
                    && e.getCustomerId().equals(customerId) && e.getType() == LoyaltyEventType.POINTS_EARNED, WAIT).value();
            long firstOrderPoints = earned.getPointsDelta();
            await().atMost(WAIT).untilAsserted(() -> assertThat(as(ASSOCIATE).queryParam("type", "EMAIL").queryParam("value", email)
                    .get(service(2) + "/customers").<Integer>path("purchaseCount")).isEqualTo(1));

            // a second order, paid and then cancelled: its points come back, its purchase leaves the profile
            String secondOrderId = "63" + n + "002";
            String second = ShopifySamples.forShopper("orders-create.json", n, secondOrderId, email);
            assertThat(postWebhook("orders/create", second).statusCode()).isEqualTo(200);
            LoyaltyEvent earnedAgain = (LoyaltyEvent) loyalty.await(r -> r.value() instanceof LoyaltyEvent e
                    && e.getType() == LoyaltyEventType.POINTS_EARNED && secondOrderId.equals(e.getReference()), WAIT).value();
            String cancellation = ShopifySamples.forShopper("orders-cancelled.json", n, secondOrderId, email);
            assertThat(postWebhook("orders/cancelled", cancellation).statusCode()).isEqualTo(200);
            LoyaltyEvent reversed = (LoyaltyEvent) loyalty.await(r -> r.value() instanceof LoyaltyEvent e
                    && e.getCustomerId().equals(customerId) && e.getType() == LoyaltyEventType.POINTS_REVERSED, WAIT).value();
            assertThat(reversed.getReference()).isEqualTo(secondOrderId);
            assertThat(reversed.getPointsDelta()).isEqualTo(-earnedAgain.getPointsDelta());
            await().atMost(WAIT).untilAsserted(() -> {
                // the welcome journey's sign-up bonus (customers/create) counts too
                long bonuses = loyalty.collect(Duration.ZERO).stream().filter(r -> r.value() instanceof LoyaltyEvent e
                        && e.getCustomerId().equals(customerId) && e.getType() == LoyaltyEventType.BONUS_GRANTED)
                        .mapToLong(r -> ((LoyaltyEvent) r.value()).getPointsDelta()).sum();
                assertThat(balance(customerId)).isEqualTo(firstOrderPoints + bonuses);
                assertThat(as(ASSOCIATE).queryParam("type", "EMAIL").queryParam("value", email)
                        .get(service(2) + "/customers").<Integer>path("purchaseCount")).isEqualTo(1);
            });
            List<String> orders = as(ASSOCIATE).get(service(2) + "/customers/" + customerId).jsonPath().getList("orders.orderId");
            assertThat(orders).contains(orderId, secondOrderId);
        }
    }

    private static int balance(String customerId) {
        return as(ASSOCIATE).get(service(4) + "/loyalty/accounts/" + customerId).path("balance");
    }

    private static String service(int offset) {
        return OneShopperAcrossChannelsE2EIT.service(offset);
    }

    private static Response postWebhook(String topic, String body) {
        String signature = ShopifySamples.sign(body.getBytes(StandardCharsets.UTF_8));
        return given().header("X-Shopify-Topic", topic).header("X-Shopify-Shop-Domain", "demo-shop.myshopify.com")
                .header("X-Shopify-Hmac-Sha256", signature).header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
                .header("X-Shopify-Triggered-At", "2025-09-16T01:00:00Z")
                .contentType("application/json").body(body).post(service(1) + "/webhooks/shopify");
    }
}
