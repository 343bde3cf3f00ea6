package io.omniretail.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.omniretail.events.touchpoint.Touchpoint;

/**
 * make bench-ingest: the Shopify webhook edge of touchpoint-ingestion under load, against the Kafka producer for the
 * very records the edge wrote.
 * <ol>
 * <li>warm-up, then peak: {@code users} closed-loop senders of signed 11.7 KB orders/create webhooks;</li>
 * <li>latency at half the peak: open-loop at a fixed rate, measured from each request's intended send time;</li>
 * <li>the touchpoints the edge published (to a scratch topic the script points it at) are read back and produced
 * again by a bare Kafka producer with the edge's settings: raw (bytes as they are) and serde (Avro + registry per
 * record, as the edge does).</li>
 * </ol>
 * Args: WEBHOOK_URL BOOTSTRAP REGISTRY_URL EDGE_TOPIC SAMPLES_DIR REPORT_FILE. Prints a Markdown table, also written to
 * REPORT_FILE.
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String bootstrap = args[1];
        String registry = args[2];
        String edgeTopic = args[3];
        Path samples = Path.of(args[4]);
        Path report = Path.of(args[5]);
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", 15));
        Duration phase = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
        int users = Integer.getInteger("bench.connections", 32);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            createTopic(admin, edgeTopic);
            String replayTopic = edgeTopic + ".producer";
            createTopic(admin, replayTopic);
            try {
                ShopifyOrders generator = new ShopifyOrders(samples, System.getProperty("bench.secret", "demo-shop-secret"));
                List<ShopifyOrders.Signed> pool = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    pool.add(generator.order(i));
                }
                int bodyBytes = pool.get(0).body().length;
                Load.Result peak;
                Load.Result half;
                try (WebhookClient client = new WebhookClient(url, users)) {
                    System.out.printf("warm-up %d s, %d connections, %,d-byte signed orders/create bodies%n", warmUp.toSeconds(), users, bodyBytes);
                    Load.closed(client, users, warmUp, n -> pool.get((int) (n % pool.size())));
                    peak = Load.closed(client, users, phase, n -> pool.get((int) (n % pool.size())));
                    System.out.printf("peak: %,.0f orders/s (%d failed), closed-loop p50 %.1f ms p99 %.1f ms%n",
                            peak.rate(), peak.failed(), peak.millis(50), peak.millis(99));
                    half = openLoop(client, peak.rate() / 2, phase, pool);
                    System.out.printf("at %,.0f/s: p50 %.1f ms p99 %.1f ms max %.1f ms (%d failed)%n",
                            peak.rate() / 2, half.millis(50), half.millis(99), half.maxMillis(), half.failed());
                }
                List<ConsumerRecord<String, byte[]>> published = readBack(bootstrap, edgeTopic, (int) Math.min(peak.ok(), 200_000));
                double raw = produce(bootstrap, replayTopic, published, new ByteArraySerializer(), r -> r.value());
                Map<String, Object> serdeConfig = Map.of("apicurio.registry.url", registry, "apicurio.registry.auto-register", true,
                        "apicurio.registry.headers.enabled", false, "apicurio.registry.use-id", "contentId",
                        "apicurio.registry.dereference-schema", true, "apicurio.registry.use-specific-avro-reader", true);
                AvroKafkaDeserializer<Touchpoint> deserializer = new AvroKafkaDeserializer<>();
                deserializer.configure(serdeConfig, false);
                Map<ConsumerRecord<String, byte[]>, Touchpoint> decoded = new HashMap<>();
                published.forEach(r -> decoded.put(r, deserializer.deserialize(edgeTopic, r.value())));
                AvroKafkaSerializer<Touchpoint> serializer = new AvroKafkaSerializer<>();
                serializer.configure(serdeConfig, false);
                double serde = produce(bootstrap, replayTopic, published, serializer, decoded::get);
                double avgBytes = published.stream().mapToInt(r -> r.value().length).average().orElse(0);

                String table = String.join("\n",
                        "| measure | figure |",
                        "|---|---|",
                        String.format("| webhook edge peak (%d connections, %,d-byte orders/create) | **%,.0f orders/s** (%d failed; closed-loop p50 %.1f ms, p99 %.1f ms) |",
                                users, bodyBytes, peak.rate(), peak.failed(), peak.millis(50), peak.millis(99)),
                        String.format("| HTTP latency at half the peak (%,.0f/s open loop, from intended send time) | p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d failed) |",
                                peak.rate() / 2, half.millis(50), half.millis(99), half.maxMillis(), half.failed()),
                        String.format("| bare producer, the same %,d touchpoints (%.0f bytes; at least 200,000 sends), raw bytes | %,.0f records/s (edge = %.1f%%) |",
                                published.size(), avgBytes, raw, 100 * peak.rate() / raw),
                        String.format("| bare producer, the same touchpoints, Avro serializer per record | %,.0f records/s (edge = %.1f%%) |",
                                serde, 100 * peak.rate() / serde));
                System.out.println();
                System.out.println(table);
                Files.writeString(report, table + "\n");
            } finally {
                admin.deleteTopics(List.of(edgeTopic, replayTopic)).all().get();
            }
        }
    }

    private static Load.Result openLoop(WebhookClient client, double rate, Duration duration, List<ShopifyOrders.Signed> pool) {
        Recorder latency = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        long start = System.nanoTime();
        long sent = Load.open(rate, duration, (n, intended) -> client.post(pool.get((int) (n % pool.size()))).thenAccept(status -> {
            latency.recordValue(Math.max(1, (System.nanoTime() - intended) / 1_000));
            (status == 200 ? ok : failed).incrementAndGet();
            answered.incrementAndGet();
        }));
        while (answered.get() < sent) {
            sleep(10);
        }
        return new Load.Result(ok.get(), failed.get(), (System.nanoTime() - start) / 1e9, latency.getIntervalHistogram());
    }

    private static void createTopic(Admin admin, String topic) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readBack(String bootstrap, String topic, int limit) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long idle = 0;
            while (records.size() < limit && idle < 20) {
                var batch = consumer.poll(Duration.ofMillis(250));
                idle = batch.isEmpty() ? idle + 1 : 0;
                batch.forEach(records::add);
            }
        }
        return records.size() > limit ? records.subList(0, limit) : records;
    }

    interface Value<V> {
        V of(ConsumerRecord<String, byte[]> record);
    }

    /** Records/s of a producer with the edge's settings (the kit's acks=all + idempotence, client defaults otherwise). */
    private static <V> double produce(String bootstrap, String topic, List<ConsumerRecord<String, byte[]>> records,
            Serializer<V> serializer, Value<V> value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            for (int i = 0; i < Math.min(5_000, records.size()); i++) { // warm-up
                producer.send(new ProducerRecord<>(topic, records.get(i).key(), value.of(records.get(i))));
            }
            producer.flush();
            // at least 200,000 sends (the edge's records over and over), so the figure is not a start-up transient
            int sends = Math.max(records.size(), 200_000);
            long start = System.nanoTime();
            for (int i = 0; i < sends; i++) {
                ConsumerRecord<String, byte[]> record = records.get(i % records.size());
                producer.send(new ProducerRecord<>(topic, record.key(), value.of(record)));
            }
            producer.flush();
            return sends / ((System.nanoTime() - start) / 1e9);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
