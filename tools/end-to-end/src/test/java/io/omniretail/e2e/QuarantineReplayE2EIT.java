package io.omniretail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TestStack;
import io.omniretail.testing.TopicProbe;

/**
 * {@code make quarantine-replay} as an operator runs it (the stack-cli jar, against the running touchpoint-ingestion):
 * a Shopify and a LINE webhook an earlier mapping quarantined become their touchpoints once replayed, each signed the
 * way its source signs, and a second run replays nothing.
 */
class QuarantineReplayE2EIT {

    static final String QUARANTINE = "retail.webhooks.quarantine.v1";
    static final String SHOP = "demo-shop.myshopify.com";

    @Test
    void quarantinedShopifyAndLineWebhooksBecomeTheirTouchpointsWhenReplayedAndASecondRunReplaysNothing() throws Exception {
        String group = "quarantine-replay-test-" + UUID.randomUUID();
        startAtTheEnd(group);
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String orderId = "7" + n + "001";
        byte[] body = ShopifySamples.order(n, orderId, "replayed." + n + "@example.jp").getBytes(StandardCharsets.UTF_8);
        String lineUser = "U" + UUID.randomUUID().toString().replace("-", "");
        byte[] lineBody = """
                {"destination": "Ubot", "events": [{"type": "follow", "mode": "active", "timestamp": %d,
                 "source": {"type": "user", "userId": "%s"}, "webhookEventId": "%s", "deliveryContext": {"isRedelivery": false},
                 "replyToken": "r", "follow": {"isUnblocked": false}}]}"""
                .formatted(System.currentTimeMillis(), lineUser, UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        try (TopicProbe touchpoints = TopicProbe.from("retail.touchpoints.v1")) {
            // what an earlier version of the mapping would have kept: the raw body and its delivery's headers
            quarantine("shopify/" + SHOP + "/w-" + n, body, Map.of("source", "shopify", "shop", SHOP, "topic", "orders/create",
                    "webhookId", "w-" + n, "eventId", "e-" + n, "reason", "simulated: an earlier mapping could not read it"));
            quarantine("line/demo", lineBody, Map.of("source", "line", "channel", "demo",
                    "reason", "simulated: an earlier mapping could not read it"));
            quarantine("line/elsewhere", lineBody, Map.of("source", "line", "channel", "elsewhere",
                    "reason", "a channel this operator holds no secret for"));

            String firstRun = replay(group);
            assertThat(firstRun).contains("2 accepted, 0 quarantined again, 0 refused, 1 passed over");
            Touchpoint replayed = (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint t && t.getPurchase() != null
                    && orderId.equals(t.getPurchase().getOrderId()), Duration.ofSeconds(20)).value();
            assertThat(replayed.getType()).isIn(TouchpointType.PURCHASE, TouchpointType.ORDER_PLACED);
            Touchpoint followed = (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint t
                    && lineUser.equals(t.getIdentity().getLineUserId()), Duration.ofSeconds(20)).value();
            assertThat(followed.getType()).isEqualTo(TouchpointType.CHANNEL_FOLLOWED);

            assertThat(replay(group)).contains("0 accepted, 0 quarantined again, 0 refused, 0 passed over");
        }
    }

    /** The group has seen everything quarantined so far (other tests quarantine on purpose). */
    private static void startAtTheEnd(String group) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(QUARANTINE, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(QUARANTINE, info.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.commitSync(end.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    entry -> new OffsetAndMetadata(entry.getValue()))));
        }
    }

    private static void quarantine(String key, byte[] body, Map<String, String> origin) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(QUARANTINE, key, body);
            origin.forEach((name, value) -> record.headers().add("quarantine." + name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
    }

    /** Runs the stack-cli jar the Makefile runs, and returns what it printed. */
    private static String replay(String group) throws IOException, InterruptedException {
        Path jar = Path.of("../stack-cli/target/stack-cli.jar");
        assertThat(jar).exists();
        Path output = Files.createTempFile("quarantine-replay", ".txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar", jar.toString(), "quarantine-replay",
                "--bootstrap", TestStack.kafkaBootstrapServers(),
                "--ingestion-url", OneShopperAcrossChannelsE2EIT.service(1),
                "--shopify-secrets", SHOP + "=demo-shop-secret", "--line-secrets", "demo=demo-line-channel-secret", "--group", group)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("quarantine-replay finished").isTrue();
        String printed = Files.readString(output);
        assertThat(process.exitValue()).as(printed).isZero();
        return printed;
    }
}
