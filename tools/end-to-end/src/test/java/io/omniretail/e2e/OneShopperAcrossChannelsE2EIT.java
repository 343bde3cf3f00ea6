package io.omniretail.e2e;

import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.notification.DispatchMessage;
import io.omniretail.events.notification.NotificationEvent;
import io.omniretail.events.notification.NotificationOutcome;
import io.omniretail.testing.TestStack;
import io.omniretail.testing.TopicProbe;
import io.restassured.response.Response;

/**
 * Flows A, B and C of one shopper with all seven services and the gateway simulator running as processes:
 * an online order becomes a localized thank-you with points and a welcome coupon on the preferred channel; the
 * same person buying in store (POS database → Debezium) ends as the same profile; a refund opens a return case,
 * reverses the points and tells the customer. The dispatch keeps the correlationId of the first touchpoint.
 */
class OneShopperAcrossChannelsE2EIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final int BASE = Integer.parseInt(System.getenv().getOrDefault("SERVICE_PORT_BASE", "29100"));

    static String service(int offset) {
        return "http://127.0.0.1:" + (BASE + offset);
    }

    @Test
    void onlineOrderStoreSaleAndRefundOfOneShopper() throws Exception {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String email = "hana." + n + "@example.jp";
        String national = "090-" + n.substring(0, 4) + "-" + n.substring(4);
        String e164 = "+8190" + n;
        String orderId = "61" + n + "001";
        String order = ShopifySamples.order(n, orderId, email);

        try (TopicProbe email0 = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe outcomes = TopicProbe.from("retail.notifications.events.v1");
                TopicProbe loyalty = TopicProbe.from("retail.loyalty.events.v1")) {
            // ---- Flow A: the Shopify order
            long sentAt = System.nanoTime();
            Response accepted = postWebhook("orders/create", order);
            assertThat(accepted.statusCode()).isEqualTo(200);
            String touchpointId = accepted.path("touchpointId");

            DispatchMessage thanks = (DispatchMessage) email0.await(r -> r.value() instanceof DispatchMessage d
                    && d.getRecipient().equals(email) && d.getBody().contains("#1001"), WAIT).value();
            long webhookToDispatchMs = (System.nanoTime() - sentAt) / 1_000_000;
            System.out.printf("E2E webhook -> dispatch record: %d ms%n", webhookToDispatchMs);
            assertThat(thanks.getLanguage()).isEqualTo("ja");
            assertThat(thanks.getSubject()).isEqualTo("ご注文ありがとうございます（#1001）");
            assertThat(thanks.getBody()).contains("123ポイント").containsPattern("クーポン「WEL-[0-9A-Z-]+」");
            assertThat(thanks.getMetadata().getCorrelationId()).as("traceable to the webhook").isEqualTo(touchpointId);
            String customerId = thanks.getCustomerId();

            as(ASSOCIATE).get(service(4) + "/loyalty/accounts/" + customerId).then().statusCode(200);
            assertThat((Integer) as(ASSOCIATE).get(service(4) + "/loyalty/accounts/" + customerId).path("balance")).isEqualTo(123);
            assertThat(as(ASSOCIATE).get(service(5) + "/promotions/customers/" + customerId + "/coupons").jsonPath().getList("$")).hasSize(1);
            outcomes.await(r -> r.value() instanceof NotificationEvent e && e.getCustomerId().equals(customerId)
                    && e.getOutcome() == NotificationOutcome.DELIVERED, WAIT);

            // ---- the same webhook again: no second touchpoint effect
            assertThat(postWebhook("orders/create", order).statusCode()).isEqualTo(200);

            // ---- Flow B: the same person registers a loyalty card and buys in store
            String card = "47" + n + "000";
            storeSale(card, national, email, "Hana", "Yamada", "E2E-" + n);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Response view = as(ASSOCIATE).queryParam("type", "EMAIL").queryParam("value", email).get(service(2) + "/customers");
                assertThat(view.statusCode()).isEqualTo(200);
                assertThat((String) view.path("customerId")).as("one profile for online and store").isEqualTo(customerId);
                assertThat((Integer) view.path("purchaseCount")).isEqualTo(2);
                assertThat((Integer) view.path("storePurchaseCount")).isEqualTo(1);
                List<Map<String, Object>> ids = view.path("identifiers");
                assertThat(ids).extracting(m -> m.get("value")).contains(card, email, e164);
            });
            // The customer row and the sale are two POS transactions on different CDC topics, so the sale may be resolved
            // before the card is linked: then its points are earned on a card-only customer and move to the survivor
            // with the merge. Either way the one profile ends with both purchases' points.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                    (Integer) as(ASSOCIATE).get(service(4) + "/loyalty/accounts/" + customerId).path("balance")).isEqualTo(123 + 54));

            // ---- Flow C: Shopify refunds the mug of the online order
            String refund = ShopifySamples.refund(orderId, "10" + n + "005");
            assertThat(postWebhook("refunds/create", refund).statusCode()).isEqualTo(200);
            LoyaltyEvent reversed = (LoyaltyEvent) loyalty.await(r -> r.value() instanceof LoyaltyEvent e
                    && e.getCustomerId().equals(customerId) && e.getType() == LoyaltyEventType.POINTS_REVERSED, WAIT).value();
            assertThat(reversed.getReference()).isEqualTo(orderId);
            assertThat(reversed.getPointsDelta()).isNegative();
            await().atMost(WAIT).untilAsserted(() -> assertThat(as(ASSOCIATE).queryParam("customerId", customerId)
                    .get(service(7) + "/returns").jsonPath().getList("status")).containsExactly("REFUNDED"));
            DispatchMessage returnMail = (DispatchMessage) email0.await(r -> r.value() instanceof DispatchMessage d
                    && d.getCustomerId().equals(customerId) && d.getSubject() != null && d.getSubject().startsWith("返品"), WAIT).value();
            assertThat(returnMail.getBody()).contains(orderId).contains("4400 JPY");
            assertThat((Integer) as(ASSOCIATE).get(service(4) + "/loyalty/accounts/" + customerId).path("balance"))
                    .isEqualTo(123 + 54 + (int) reversed.getPointsDelta());

            // the repeated order webhook had no second effect anywhere
            assertThat(email0.collect(Duration.ofSeconds(2))).filteredOn(r -> r.value() instanceof DispatchMessage d
                    && d.getCustomerId().equals(customerId) && d.getBody().contains("#1001") && d.getSubject().startsWith("ご注文")).hasSize(1);
        }
    }

    /** A loyalty card sign-up and a sale with it at store-042 (two lines, 5,480 JPY), committed to the demo POS database. */
    static void storeSale(String card, String national, String email, String firstName, String lastName, String receipt) throws Exception {
        try (Connection pos = DriverManager.getConnection(TestStack.jdbcUrl("pos"), "pos", TestStack.postgresPassword())) {
            try (PreparedStatement customer = pos.prepareStatement("""
                    INSERT INTO customers (loyalty_card_no, phone, email, first_name, last_name, locale, marketing_opt_in)
                    VALUES (?, ?, ?, ?, ?, 'ja-JP', false)""")) {
                customer.setString(1, card);
                customer.setString(2, national);
                customer.setString(3, email);
                customer.setString(4, firstName);
                customer.setString(5, lastName);
                customer.executeUpdate();
            }
            pos.setAutoCommit(false);
            long saleId;
            try (PreparedStatement sale = pos.prepareStatement("""
                    INSERT INTO sales (store_id, customer_id, loyalty_card_no, receipt_no, total, currency, sold_at)
                    SELECT 'store-042', customer_id, loyalty_card_no, ?, 5480.00, 'JPY', now() FROM customers
                    WHERE loyalty_card_no = ? RETURNING sale_id""")) {
                sale.setString(1, receipt);
                sale.setString(2, card);
                try (ResultSet rs = sale.executeQuery()) {
                    rs.next();
                    saleId = rs.getLong(1);
                }
            }
            try (PreparedStatement line = pos.prepareStatement("""
                    INSERT INTO sale_lines (sale_id, line_no, sku, title, quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                for (Object[] l : List.of(new Object[] {1, "TEE-ORG-WHT-M", 2, "1500.00"}, new Object[] {2, "MUG-HASAMI-BLU", 1, "2480.00"})) {
                    line.setLong(1, saleId);
                    line.setInt(2, (Integer) l[0]);
                    line.setString(3, (String) l[1]);
                    line.setString(4, (String) l[1]);
                    line.setInt(5, (Integer) l[2]);
                    line.setBigDecimal(6, new BigDecimal((String) l[3]));
                    line.setBigDecimal(7, new BigDecimal((String) l[3]).multiply(BigDecimal.valueOf((Integer) l[2])));
                    line.addBatch();
                }
                line.executeBatch();
            }
            pos.commit();
        }
    }

    static Response postWebhook(String topic, String body) {
        String signature = ShopifySamples.sign(body.getBytes(StandardCharsets.UTF_8));
        return given().header("X-Shopify-Topic", topic).header("X-Shopify-Shop-Domain", "demo-shop.myshopify.com")
                .header("X-Shopify-Hmac-Sha256", signature).header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .contentType("application/json").body(body).post(service(1) + "/webhooks/shopify");
    }

}
