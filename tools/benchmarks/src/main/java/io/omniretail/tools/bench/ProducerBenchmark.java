package io.omniretail.tools.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.common.Money;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;

/**
 * Kafka producer throughput on this machine for ~1 KB Avro touchpoints, acks=all and idempotence on (the
 * platform's producer settings). Two modes:
 *   raw   - records serialized (Confluent-framed Avro) before the clock starts: the broker+client yardstick
 *   serde - the Apicurio serializer runs per send, as in the services
 * Usage: ProducerBenchmark BOOTSTRAP REGISTRY_URL [records] [mode: raw|serde|both]  (-Dbench.compression=lz4|...)
 */
public final class ProducerBenchmark {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String registry = args[1];
        int records = args.length > 2 ? Integer.parseInt(args[2]) : 300_000;
        String modes = args.length > 3 ? args[3] : "both";
        String topic = "test.bench.producer." + UUID.randomUUID().toString().substring(0, 8);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
            try {
                Map<String, Object> serde = Map.of(
                        "apicurio.registry.url", registry,
                        "apicurio.registry.auto-register", true,
                        "apicurio.registry.headers.enabled", false,
                        "apicurio.registry.use-id", "contentId",
                        "apicurio.registry.dereference-schema", true);
                List<Touchpoint> samples = samples(1_000);
                AvroKafkaSerializer<Touchpoint> serializer = new AvroKafkaSerializer<>();
                serializer.configure(serde, false);
                List<byte[]> framed = new ArrayList<>();
                for (Touchpoint sample : samples) {
                    framed.add(serializer.serialize(topic, sample));
                }
                double avgSize = framed.stream().mapToInt(b -> b.length).average().orElse(0);
                System.out.printf("topic %s, 6 partitions, %d records, Avro payload %.0f bytes on average%n",
                        topic, records, avgSize);
                if (!modes.equals("serde")) {
                    run("raw", bootstrap, topic, records, new ByteArraySerializer(), i -> framed.get(i % framed.size()), avgSize);
                }
                if (!modes.equals("raw")) {
                    run("serde", bootstrap, topic, records, serializer, i -> samples.get(i % samples.size()), avgSize);
                }
            } finally {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    interface Source<V> {
        V get(int i);
    }

    private static <V> void run(String mode, String bootstrap, String topic, int records, Serializer<V> valueSerializer,
            Source<V> source, double avgSize) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        // none by default: the samples repeat, so compression would flatter the figures
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, System.getProperty("bench.compression", "none"));
        Recorder latency = new Recorder(3);
        AtomicLong failed = new AtomicLong();
        // warm-up (JIT, metadata, registry cache) is not measured
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config, new StringSerializer(), valueSerializer)) {
            for (int i = 0; i < Math.min(20_000, records / 10); i++) {
                producer.send(new ProducerRecord<>(topic, "warm-" + (i % 1000), source.get(i)));
            }
            producer.flush();
            latency.reset();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "customer-" + (i % 10_000), source.get(i)), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    } else {
                        latency.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1_000));
                    }
                });
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            Histogram h = latency.getIntervalHistogram();
            System.out.printf("%-5s %,10.0f records/s  %7.1f MB/s  send->ack latency p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  failed %d%n",
                    mode, records / seconds, records * avgSize / seconds / 1e6,
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                    failed.get());
        }
    }

    /** Realistic ~1 KB purchases: identity, four lines, Japanese and English titles. */
    static List<Touchpoint> samples(int count) {
        List<Touchpoint> samples = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String id = UUID.randomUUID().toString();
            List<LineItem> lines = new ArrayList<>();
            for (int l = 0; l < 4; l++) {
                lines.add(LineItem.newBuilder().setSku("SKU-" + (100_000 + n * 7 + l)).setProductId("gid://shopify/Product/" + (7_000_000 + l))
                        .setTitle(l % 2 == 0 ? "オーガニックコットン Tシャツ サイズM" : "Organic cotton T-shirt, size M, indigo")
                        .setQuantity(1 + l).setUnitPrice(yen(1_980 + l * 500)).setCategory("apparel/tops").build());
            }
            samples.add(Touchpoint.newBuilder()
                    .setMetadata(EventMetadata.newBuilder().setEventId(id).setOccurredAt(Instant.now())
                            .setSource("shopify:demo-shop.myshopify.com").setCorrelationId(id)
                            .setTraceparent("00-" + id.replace("-", "") + "-" + id.substring(0, 16).replace("-", "0") + "-01").build())
                    .setTouchpointId(id).setType(TouchpointType.PURCHASE).setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                    .setSourceSystem("shopify").setSourceReference(Long.toString(820_982_911_946_154_508L + n))
                    .setIdentity(IdentityHints.newBuilder().setEmail("customer" + n + "@example.jp").setPhone("+8190" + (10_000_000 + n))
                            .setShopifyCustomerId(Long.toString(115_310_627_314_723_954L + n)).setFirstName("花子").setLastName("山田")
                            .setLocale("ja-JP").setCountryCode("JP").setVerified(true).build())
                    .setPurchase(PurchaseDetails.newBuilder().setOrderId(Long.toString(820_982_911_946_154_508L + n))
                            .setOrderNumber("#" + (1000 + n)).setTotal(yen(12_340)).setLines(lines).setPlacedAt(Instant.now()).build())
                    .setAttributes(Map.of("landingSite", "/collections/autumn?utm_source=line", "checkoutToken", id))
                    .build());
        }
        return samples;
    }

    private static Money yen(long amount) {
        return Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(amount).setScale(4)).build();
    }
}
