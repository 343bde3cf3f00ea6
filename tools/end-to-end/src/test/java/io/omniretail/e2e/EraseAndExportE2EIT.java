package io.omniretail.e2e;

import static io.omniretail.e2e.OneShopperAcrossChannelsE2EIT.WAIT;
import static io.omniretail.e2e.OneShopperAcrossChannelsE2EIT.postWebhook;
import static io.omniretail.e2e.OneShopperAcrossChannelsE2EIT.service;
import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.omniretail.testing.ShopifyFixtures;
import io.omniretail.testing.TestStack;
import io.restassured.path.json.JsonPath;

/**
 * Erase and export across every service (ADR 0019), against the running platform. Erase: a shopper who bought
 * online and in store, left a checkout, earned points, got a coupon and messages is erased by an admin; then every service database
 * and the compacted profile topic, after compaction, are searched for their e-mail, phone, names, Shopify id, card
 * and customer ids, and none is found. Export: one document with every participant's part.
 */
class EraseAndExportE2EIT {

    static final List<String> DATABASES = List.of("customer360", "loyalty", "promotions", "notifications", "orchestration", "returns");
    static final String PROFILES = "retail.customers.profiles.v1";

    record Shopper(String n, String customerId, String email, String e164, String firstName, String lastName, String shopifyId,
            String orderId) {
    }

    @Test
    void anErasedShopperIsFoundInNoDatabaseAndNoCompactedTopic() throws Exception {
        Shopper shopper = onlineOrder();
        // a checkout they left: the checkout history (customer_checkout) is personal data too
        assertThat(postWebhook("checkouts/create", ShopifyFixtures.forShopper("checkouts-create.json", shopper.n(), shopper.orderId(),
                shopper.email())).statusCode()).isEqualTo(200);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(as(ASSOCIATE)
                .get(service(2) + "/customers/" + shopper.customerId() + "/timeline?type=CHECKOUT_UPDATED").jsonPath()
                .getList("entries")).isNotEmpty());
        String card = "48" + shopper.n() + "000";
        String national = "090-" + shopper.n().substring(0, 4) + "-" + shopper.n().substring(4);
        OneShopperAcrossChannelsE2EIT.storeSale(card, national, shopper.email(), shopper.firstName(), shopper.lastName(), "ERASE-" + shopper.n());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                (Integer) as(ASSOCIATE).get(service(4) + "/loyalty/accounts/" + shopper.customerId()).path("balance")).isEqualTo(123 + 54));
        await().atMost(WAIT).untilAsserted(() -> assertThat(as(ASSOCIATE).queryParam("customerId", shopper.customerId())
                .get(service(6) + "/notifications").jsonPath().getList("$")).isNotEmpty());
        List<String> ids = new ArrayList<>(List.of(shopper.customerId()));
        try (Connection db = DriverManager.getConnection(TestStack.jdbcUrl("customer360"), "customer360", TestStack.postgresPassword());
                PreparedStatement merged = db.prepareStatement("SELECT customer_id FROM customer WHERE merged_into = ?")) {
            merged.setString(1, shopper.customerId());
            try (ResultSet rs = merged.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        List<String> identity = new ArrayList<>(List.of(shopper.email(), shopper.e164(), shopper.firstName(), shopper.lastName(),
                shopper.shopifyId(), card));
        identity.addAll(ids);
        assertThat(rowsMentioning(identity)).as("before the erase, every service holds the shopper").containsKeys(DATABASES.toArray(String[]::new));

        String requestId = as(ADMIN).contentType("application/json")
                .body(Map.of("customerId", shopper.customerId(), "action", "ERASE")).post(service(2) + "/privacy/requests")
                .then().statusCode(202).extract().path("requestId");
        JsonPath done = completed(requestId);
        assertThat(done.getMap("erasedRows").keySet()).containsExactlyInAnyOrder("customer-360", "loyalty", "promotions",
                "notifications", "orchestration", "returns");
        assertThat(done.getLong("erasedRows.loyalty.points_ledger")).isPositive();
        assertThat(done.getLong("erasedRows.promotions.coupon")).isEqualTo(1);
        assertThat(done.getLong("erasedRows.notifications.notification")).isPositive();
        as(ASSOCIATE).get(service(2) + "/customers/" + shopper.customerId()).then().statusCode(404);
        as(ASSOCIATE).get(service(4) + "/loyalty/accounts/" + shopper.customerId()).then().statusCode(404);

        // the outbox relays publish and delete their last rows about the shopper within moments
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(rowsMentioning(identity)).as("rows that still name the shopper").isEmpty());
        assertThat(compactedProfilesMentioning(identity, ids)).as("profile records that still name the shopper after compaction").isEmpty();
    }

    @Test
    void anExportHoldsEveryParticipantsPart() {
        Shopper shopper = onlineOrder();
        await().atMost(WAIT).untilAsserted(() -> assertThat(as(ASSOCIATE).queryParam("customerId", shopper.customerId())
                .get(service(6) + "/notifications").jsonPath().getList("$")).isNotEmpty());
        String requestId = as(ADMIN).contentType("application/json").header("Idempotency-Key", "export-" + shopper.n())
                .body(Map.of("customerId", shopper.customerId(), "action", "EXPORT")).post(service(2) + "/privacy/requests")
                .then().statusCode(202).extract().path("requestId");
        assertThat((String) as(ADMIN).contentType("application/json").header("Idempotency-Key", "export-" + shopper.n())
                .body(Map.of("customerId", shopper.customerId(), "action", "EXPORT")).post(service(2) + "/privacy/requests")
                .then().statusCode(202).extract().path("requestId")).as("a retried request is the same request").isEqualTo(requestId);
        completed(requestId);
        JsonPath export = as(ADMIN).get(service(2) + "/privacy/requests/" + requestId + "/export").then().statusCode(200)
                .extract().jsonPath();
        assertThat(export.getMap("parts").keySet()).containsExactlyInAnyOrder("customer-360", "loyalty", "promotions",
                "notifications", "orchestration", "returns");
        assertThat(export.getList("parts.customer-360.customers[0].identifiers.value", String.class)).contains(shopper.email(), shopper.e164());
        assertThat(export.getList("parts.customer-360.timeline.type", String.class)).contains("PURCHASE");
        assertThat(export.getInt("parts.loyalty.accounts[0].balance")).isEqualTo(123);
        assertThat(export.getList("parts.promotions.coupons")).hasSize(1);
        assertThat(export.getString("parts.notifications.recipients[0].email")).isEqualTo(shopper.email());
        assertThat(export.getList("parts.notifications.notifications")).isNotEmpty();
        assertThat(export.getList("parts.orchestration.journeys.journeyId", String.class)).isNotEmpty();
        assertThat(export.getList("parts.returns.purchases.orderId", String.class)).contains(shopper.orderId());
        as(ASSOCIATE).get(service(2) + "/privacy/requests/" + requestId + "/export").then().statusCode(403);
        assertThat(as(ADMIN).get(service(2) + "/privacy/requests?open=true").jsonPath().getList("requestId", String.class))
                .doesNotContain(requestId);
    }

    /** A paid Shopify order of a new shopper with names of their own; the thank-you was sent. */
    private static Shopper onlineOrder() {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String letters = n.chars().mapToObj(c -> String.valueOf((char) ('a' + c - '0'))).reduce("", String::concat);
        String first = "Erin" + letters;
        String last = "Okada" + letters;
        String email = "erase." + n + "@example.jp";
        String orderId = "62" + n + "001";
        String order = ShopifyFixtures.forShopper("orders-create.json", n, orderId, email).replace("\"花\"", "\"" + first + "\"")
                .replace("\"山田\"", "\"" + last + "\"");
        assertThat(postWebhook("orders/create", order).statusCode()).isEqualTo(200);
        String[] customerId = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var view = as(ASSOCIATE).queryParam("type", "EMAIL").queryParam("value", email).get(service(2) + "/customers");
            assertThat(view.statusCode()).isEqualTo(200);
            customerId[0] = view.path("customerId");
            assertThat((Integer) as(ASSOCIATE).get(service(4) + "/loyalty/accounts/" + customerId[0]).path("balance")).isEqualTo(123);
            assertThat(as(ASSOCIATE).get(service(5) + "/promotions/customers/" + customerId[0] + "/coupons").jsonPath().getList("$")).hasSize(1);
        });
        return new Shopper(n, customerId[0], email, "+8190" + n, first, last, "75" + n + "01", orderId);
    }

    private static JsonPath completed(String requestId) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                (String) as(ADMIN).get(service(2) + "/privacy/requests/" + requestId).path("status")).isEqualTo("COMPLETED"));
        JsonPath request = as(ADMIN).get(service(2) + "/privacy/requests/" + requestId).then().statusCode(200).extract().jsonPath();
        assertThat(request.getList("awaiting")).isEmpty();
        assertThat(request.getBoolean("overdue")).isFalse();
        return request;
    }

    /** database → "table: rows" for every table row whose text mentions any of the values. */
    static Map<String, List<String>> rowsMentioning(Collection<String> values) throws Exception {
        Map<String, List<String>> found = new TreeMap<>();
        for (String database : DATABASES) {
            try (Connection db = DriverManager.getConnection(TestStack.jdbcUrl(database), database, TestStack.postgresPassword())) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = db.createStatement().executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    try (PreparedStatement scan = db.prepareStatement("SELECT count(*) FROM \"" + table + "\" t WHERE t::text ILIKE ANY (?)")) {
                        scan.setArray(1, db.createArrayOf("text", values.stream().map(v -> "%" + v + "%").toArray()));
                        try (ResultSet rs = scan.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                found.computeIfAbsent(database, d -> new ArrayList<>()).add(table + ": " + rs.getLong(1));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * Compacts the profile topic now (short segments, any dirt cleanable, tombstones dropped at once: the broker would
     * otherwise wait days), nudging it with tombstones of an unused key until no record of the shopper is left, then
     * restores the topic's settings; the records that still name the shopper at the deadline.
     */
    static List<String> compactedProfilesMentioning(List<String> values, List<String> keys) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, PROFILES);
        Map<String, String> fast = Map.of("segment.ms", "1000", "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "0",
                "min.compaction.lag.ms", "0");
        Map<String, Object> settings = Map.of("bootstrap.servers", TestStack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(settings);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            admin.incrementalAlterConfigs(Map.of(topic, fast.entrySet().stream()
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList())).all().get();
            try {
                List<String> left = List.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                byte[] nudge = ("erase-test-nudge-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
                while (System.nanoTime() < deadline) {
                    for (int partition = 0; partition < 6; partition++) {
                        producer.send(new ProducerRecord<>(PROFILES, partition, nudge, null)).get();
                    }
                    left = recordsMentioning(values, keys);
                    if (left.isEmpty()) {
                        return left;
                    }
                    Thread.sleep(2_000);
                }
                return left;
            } finally {
                admin.incrementalAlterConfigs(Map.of(topic, fast.keySet().stream()
                        .map(name -> new AlterConfigOp(new ConfigEntry(name, ""), AlterConfigOp.OpType.DELETE)).toList())).all().get();
            }
        }
    }

    private static List<String> recordsMentioning(List<String> values, List<String> keys) {
        List<String> found = new ArrayList<>();
        Map<String, Object> settings = Map.of("bootstrap.servers", TestStack.kafkaBootstrapServers(), "enable.auto.commit", "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(PROFILES).stream()
                    .map(p -> new TopicPartition(PROFILES, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
                    if (keys.contains(key) || values.stream().anyMatch(v -> value.toLowerCase().contains(v.toLowerCase()))) {
                        found.add(record.partition() + "@" + record.offset() + " key " + key + (record.value() == null ? " (tombstone)" : ""));
                    }
                }
            }
        }
        return found;
    }
}
