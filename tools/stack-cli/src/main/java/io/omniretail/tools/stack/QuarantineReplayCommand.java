package io.omniretail.tools.stack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make quarantine-replay}: after a mapping fix, delivers every webhook kept in retail.webhooks.quarantine.v1
 * again, the way its source would retry it: the raw body, its original headers and a signature made with the sender's
 * current secret, POSTed to touchpoint-ingestion. Two sources quarantine what they cannot map, because a retry would
 * only bring the same bytes: Shopify (topic, shop, webhook id, event id and triggered-at headers again; X-Shopify-Hmac-Sha256
 * with the shop's secret) and LINE (to its channel's URL; X-Line-Signature with the channel secret). The service
 * checks it like any delivery: it becomes touchpoints (200), or is quarantined again with the reason (202; the fix
 * did not cover it). Touchpoint ids derive from the Shopify objects and LINE's webhook event ids, so replaying a
 * delivery that already became a touchpoint changes nothing downstream.
 * <p>
 * A run replays what the topic held when it started (what it quarantines again waits for the next run). Progress is
 * the committed offset of the consumer group {@code quarantine-replay}, committed after each answered record: a
 * second run replays only what was quarantined since. A record of a source or sender this tool has no secret for is
 * counted and passed over. On a 5xx or an unreachable service the run stops without committing that record, so the
 * next run starts with it.
 */
@Command(name = "quarantine-replay", description = "Delivers quarantined Shopify and LINE webhooks to touchpoint-ingestion again, signed like their source.")
final class QuarantineReplayCommand implements Callable<Integer> {

    static final String TOPIC = "retail.webhooks.quarantine.v1";

    @Option(names = "--bootstrap", required = true)
    String bootstrap;
    @Option(names = "--ingestion-url", required = true, description = "touchpoint-ingestion's base URL, e.g. http://localhost:29101")
    String ingestionUrl;
    @Option(names = "--shopify-secrets", defaultValue = "",
            description = "the service's SHOPIFY_WEBHOOK_SECRETS: \"shop=secret1|secret2;other=secret3\" (the first secret of a shop signs)")
    String shopifySecrets;
    @Option(names = "--line-secrets", defaultValue = "",
            description = "the service's LINE_CHANNEL_SECRETS: \"channel=secret1|secret2\" (the first secret of a channel signs)")
    String lineSecrets;
    @Option(names = "--group", defaultValue = "quarantine-replay", description = "consumer group that remembers progress")
    String group;

    record Tally(int accepted, int quarantinedAgain, int refused, int passedOver) {
    }

    @Override
    public Integer call() {
        Map<String, Map<String, String>> signingSecrets = Map.of("shopify", signingSecrets(shopifySecrets), "line", signingSecrets(lineSecrets));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        int accepted = 0;
        int again = 0;
        int refused = 0;
        int passedOver = 0;
        try (KafkaConsumer<byte[], byte[]> quarantined = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = quarantined.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            quarantined.assign(partitions);
            // up to what is there now: what this run quarantines again waits for the next run, not for this one
            Map<TopicPartition, Long> end = quarantined.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = quarantined.committed(Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                if (done == null) {
                    quarantined.seekToBeginning(List.of(partition));
                } else {
                    quarantined.seek(partition, done.offset());
                }
            }
            while (partitions.stream().anyMatch(partition -> quarantined.position(partition) < end.get(partition))) {
                ConsumerRecords<byte[], byte[]> records = quarantined.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    String where = record.topic() + "[" + record.partition() + "]@" + record.offset();
                    String source = header(record, "quarantine.source");
                    String sender = header(record, "shopify".equals(source) ? "quarantine.shop" : "quarantine.channel");
                    String secret = source == null || sender == null ? null
                            : signingSecrets.getOrDefault(source, Map.of()).get(sender.toLowerCase(Locale.ROOT));
                    if (secret == null || record.value() == null) {
                        System.out.printf("%s: passed over (source %s, sender %s: no secret to sign with)%n", where, source, sender);
                        passedOver++;
                    } else {
                        HttpRequest request = "shopify".equals(source) ? shopify(record, secret, where) : line(record, sender, secret, where);
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() >= 500) {
                            System.err.printf("%s: touchpoint-ingestion answered %d; stopping here, the next run starts with it: %s%n",
                                    where, answer.statusCode(), answer.body());
                            print(new Tally(accepted, again, refused, passedOver));
                            return 1;
                        }
                        switch (answer.statusCode()) {
                            case 200 -> accepted++;
                            case 202 -> again++;
                            default -> refused++;
                        }
                        System.out.printf("%s (%s %s): %d %s%n", where, source, sender, answer.statusCode(), answer.body());
                    }
                    quarantined.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            System.err.println("quarantine-replay stopped: " + e);
            print(new Tally(accepted, again, refused, passedOver));
            return 1;
        }
        print(new Tally(accepted, again, refused, passedOver));
        return 0;
    }

    private static void print(Tally tally) {
        System.out.printf("replayed from %s: %d accepted, %d quarantined again, %d refused, %d passed over%n", TOPIC,
                tally.accepted(), tally.quarantinedAgain(), tally.refused(), tally.passedOver());
    }

    /** Shopify's retry: its delivery headers again and X-Shopify-Hmac-Sha256. */
    private HttpRequest shopify(ConsumerRecord<byte[], byte[]> record, String secret, String where) throws GeneralSecurityException {
        HttpRequest.Builder request = replay("/webhooks/shopify", record, where)
                .header("X-Shopify-Topic", header(record, "quarantine.topic"))
                .header("X-Shopify-Shop-Domain", header(record, "quarantine.shop"))
                .header("X-Shopify-Webhook-Id", header(record, "quarantine.webhookId"))
                .header("X-Shopify-Hmac-Sha256", sign(secret, record.value()));
        String eventId = header(record, "quarantine.eventId");
        if (eventId != null) {
            request.header("X-Shopify-Event-Id", eventId);
        }
        String triggeredAt = header(record, "quarantine.triggeredAt");
        if (triggeredAt != null) {
            request.header("X-Shopify-Triggered-At", triggeredAt);
        }
        return request.build();
    }

    /** LINE's retry: to the channel's URL, with X-Line-Signature. */
    private HttpRequest line(ConsumerRecord<byte[], byte[]> record, String channel, String secret, String where) throws GeneralSecurityException {
        return replay("/webhooks/line/" + URLEncoder.encode(channel, StandardCharsets.UTF_8), record, where)
                .header("X-Line-Signature", sign(secret, record.value()))
                .build();
    }

    /** The raw body POSTed to touchpoint-ingestion's {@code path}, naming the record it replays. */
    private HttpRequest.Builder replay(String path, ConsumerRecord<byte[], byte[]> record, String where) {
        return HttpRequest.newBuilder(URI.create(ingestionUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Omniretail-Replayed-From", where)
                .POST(HttpRequest.BodyPublishers.ofByteArray(record.value()));
    }

    /** Shopify's and LINE's signature alike: base64(HMAC-SHA256(secret, raw body)). */
    static String sign(String secret, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    /** "shop=secret1|secret2;other=secret3" → each shop's first (current) secret. */
    static Map<String, String> signingSecrets(String configured) {
        Map<String, String> secrets = new HashMap<>();
        for (String entry : configured.split(";")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                String first = entry.substring(equals + 1).split("\\|")[0].trim();
                if (!first.isEmpty()) {
                    secrets.put(entry.substring(0, equals).trim().toLowerCase(Locale.ROOT), first);
                }
            }
        }
        return secrets;
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
