package io.omniretail.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;

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
import io.omniretail.events.touchpoint.TouchpointChannel;

/**
 * make bench-ingest: touchpoint-ingestion's edge under load, for each of its input shapes, against the Kafka producer
 * for the very records the edge wrote. The shapes: signed 11.7 KB Shopify orders/create webhooks; single 1.2 KB
 * analytics.js track calls ({@code POST /v1/track}, the highest-volume input); the same calls 20 to a
 * {@code POST /v1/batch}, as mobile SDKs and server libraries flush them. For each shape:
 * <ol>
 * <li>warm-up, then peak: {@code connections} closed-loop senders;</li>
 * <li>latency at half the peak: open-loop at a fixed request rate, measured from each request's intended send time;</li>
 * <li>the touchpoints the edge published for it (to a scratch topic the script points it at) are read back and
 * produced again by a bare Kafka producer with the edge's settings: raw (bytes as they are) and serde (Avro +
 * registry per record, as the edge does).</li>
 * </ol>
 * Args: BASE_URL BOOTSTRAP REGISTRY_URL EDGE_TOPIC SHOPIFY_SAMPLES_DIR ANALYTICS_SAMPLES_DIR REPORT_FILE. Prints a
 * Markdown table, also written to REPORT_FILE.
 */
public final class IngestBenchmark {

    /** Per shape, at most this many published touchpoints are kept to replay (each replay makes 200,000 sends). */
    private static final int KEPT = 40_000;

    /**
     * One input shape: its n-th request (made ahead from a pool, so the load generator spends its time sending), how
     * many calls each carries, and which touchpoints it produced.
     */
    record Shape(String name, String unit, int callsPerRequest, LongFunction<WebhookClient.Request> request, Predicate<Touchpoint> produced) {
        int bodyBytes() {
            return request.apply(0).body().length;
        }
    }

    /** What the edge did for one shape. */
    record Measured(Shape shape, Load.Result peak, Load.Result half) {
        double peakCalls() {
            return peak.rate() * shape.callsPerRequest();
        }

        /** The request rate of the open-loop latency phase. */
        double halfRate() {
            return peak.rate() / 2;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String bootstrap = args[1];
        String registry = args[2];
        String edgeTopic = args[3];
        Path shopifySamples = Path.of(args[4]);
        Path analyticsSamples = Path.of(args[5]);
        Path report = Path.of(args[6]);
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", 10));
        Duration phase = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
        int users = Integer.getInteger("bench.connections", 32);
        int batchSize = Integer.getInteger("bench.batch-size", 20);

        ShopifyOrders orders = new ShopifyOrders(shopifySamples, System.getProperty("bench.secret", "demo-shop-secret"));
        AnalyticsCalls analytics = new AnalyticsCalls(analyticsSamples, System.getProperty("bench.write-key", "demo-web-write-key"));
        LongFunction<ShopifyOrders.Signed> signedOrders = cycle(pool(2_000, orders::order));
        List<Shape> shapes = List.of(
                // each post a new delivery (its own webhook id, made per post), else the edge answers it as a duplicate
                new Shape("orders/create webhooks", "orders", 1, n -> signedOrders.apply(n).request(),
                        tp -> tp.getChannel() == TouchpointChannel.ONLINE_SHOPIFY),
                new Shape("analytics track calls, one per request", "events", 1, cycle(pool(20_000, n -> analytics.single())),
                        tp -> tp.getSourceReference().startsWith(AnalyticsCalls.SINGLE_PREFIX)),
                new Shape("analytics track calls, " + batchSize + " per batch", "events", batchSize, cycle(pool(2_000, n -> analytics.batch(batchSize))),
                        tp -> tp.getSourceReference().startsWith(AnalyticsCalls.BATCH_PREFIX)));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            createTopic(admin, edgeTopic);
            String replayTopic = edgeTopic + ".producer";
            createTopic(admin, replayTopic);
            try {
                List<Measured> measured = new ArrayList<>();
                try (WebhookClient client = new WebhookClient(url, users)) {
                    for (Shape shape : shapes) {
                        measured.add(measure(client, shape, users, warmUp, phase));
                    }
                }
                // the edge's serde settings, its datum provider included (service-kit's jar is on the classpath)
                Map<String, Object> serdeConfig = Map.of("apicurio.registry.url", registry, "apicurio.registry.auto-register", true,
                        "apicurio.registry.headers.enabled", false, "apicurio.registry.use-id", "contentId",
                        "apicurio.registry.dereference-schema", true, "apicurio.registry.use-specific-avro-reader", true,
                        "apicurio.registry.avro-datum-provider", "io.omniretail.kit.CachedAvroDatumProvider");
                Map<Shape, List<Published>> published = readBack(bootstrap, edgeTopic, serdeConfig, shapes);
                AvroKafkaSerializer<Touchpoint> serializer = new AvroKafkaSerializer<>();
                serializer.configure(serdeConfig, false);

                List<String> rows = new ArrayList<>(List.of("| measure | figure |", "|---|---|"));
                for (Measured m : measured) {
                    Shape shape = m.shape();
                    List<Published> records = published.get(shape);
                    double raw = produce(bootstrap, replayTopic, records, new ByteArraySerializer(), Published::bytes);
                    double serde = produce(bootstrap, replayTopic, records, serializer, Published::touchpoint);
                    double avgBytes = records.stream().mapToInt(r -> r.bytes().length).average().orElse(0);
                    String perRequest = shape.callsPerRequest() == 1 ? ""
                            : String.format(" (%,.0f requests/s)", m.peak().rate());
                    rows.add(String.format("| **%s**: edge peak (%d connections, %,d-byte requests) | **%,.0f %s/s**%s (%d failed; closed-loop p50 %.1f ms, p99 %.1f ms) |",
                            shape.name(), users, shape.bodyBytes(), m.peakCalls(), shape.unit(), perRequest, m.peak().failed(),
                            m.peak().millis(50), m.peak().millis(99)));
                    rows.add(String.format("| %s: HTTP latency at half the peak (%,.0f requests/s open loop, from intended send time) | p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d failed) |",
                            shape.name(), m.halfRate(), m.half().millis(50), m.half().millis(99), m.half().maxMillis(), m.half().failed()));
                    rows.add(String.format("| %s: bare producer, %,d of the same touchpoints (%.0f bytes; 200,000 sends), raw bytes / Avro serializer per record | %,.0f / %,.0f records/s (edge = %.1f%% / %.1f%%) |",
                            shape.name(), records.size(), avgBytes, raw, serde, 100 * m.peakCalls() / raw, 100 * m.peakCalls() / serde));
                }
                String table = String.join("\n", rows);
                System.out.println();
                System.out.println(table);
                Files.writeString(report, table + "\n");
            } finally {
                admin.deleteTopics(List.of(edgeTopic, replayTopic)).all().get();
            }
        }
    }

    private static <T> List<T> pool(int size, LongFunction<T> item) {
        List<T> pool = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            pool.add(item.apply(i));
        }
        return pool;
    }

    private static <T> LongFunction<T> cycle(List<T> pool) {
        return n -> pool.get((int) (n % pool.size()));
    }

    private static Measured measure(WebhookClient client, Shape shape, int users, Duration warmUp, Duration phase) throws InterruptedException {
        LongFunction<WebhookClient.Request> next = shape.request();
        System.out.printf("%s: warm-up %d s, %d connections, %,d-byte requests%n", shape.name(), warmUp.toSeconds(), users, shape.bodyBytes());
        Load.closed(client, users, warmUp, next);
        Load.Result peak = Load.closed(client, users, phase, next);
        System.out.printf("%s: peak %,.0f %s/s (%d failed), closed-loop p50 %.1f ms p99 %.1f ms%n",
                shape.name(), peak.rate() * shape.callsPerRequest(), shape.unit(), peak.failed(), peak.millis(50), peak.millis(99));
        Load.Result half = openLoop(client, peak.rate() / 2, phase, next);
        Measured measured = new Measured(shape, peak, half);
        System.out.printf("%s: at %,.0f requests/s: p50 %.1f ms p99 %.1f ms max %.1f ms (%d failed)%n",
                shape.name(), measured.halfRate(), half.millis(50), half.millis(99), half.maxMillis(), half.failed());
        return measured;
    }

    private static Load.Result openLoop(WebhookClient client, double rate, Duration duration, LongFunction<WebhookClient.Request> next) {
        Recorder latency = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        long start = System.nanoTime();
        long sent = Load.open(rate, duration, (n, intended) -> client.post(next.apply(n)).thenAccept(status -> {
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

    /** A touchpoint the edge published: its bytes as written and decoded. */
    record Published(String key, byte[] bytes, Touchpoint touchpoint) {
    }

    /** The edge topic from its start, up to {@link #KEPT} touchpoints of each shape. */
    private static Map<Shape, List<Published>> readBack(String bootstrap, String topic, Map<String, Object> serdeConfig, List<Shape> shapes) {
        Map<Shape, List<Published>> kept = new LinkedHashMap<>();
        shapes.forEach(shape -> kept.put(shape, new ArrayList<>()));
        AvroKafkaDeserializer<Touchpoint> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(serdeConfig, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long idle = 0;
            while (kept.values().stream().anyMatch(list -> list.size() < KEPT) && idle < 20) {
                var batch = consumer.poll(Duration.ofMillis(250));
                idle = batch.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<String, byte[]> record : batch) {
                    Touchpoint touchpoint = deserializer.deserialize(topic, record.value());
                    shapes.stream().filter(shape -> shape.produced().test(touchpoint)).findFirst()
                            .map(kept::get).filter(list -> list.size() < KEPT)
                            .ifPresent(list -> list.add(new Published(record.key(), record.value(), touchpoint)));
                }
            }
        }
        return kept;
    }

    /** Records/s of a producer with the edge's settings (the kit's acks=all + idempotence, client defaults otherwise). */
    private static <V> double produce(String bootstrap, String topic, List<Published> records, Serializer<V> serializer,
            Function<Published, V> value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            for (int i = 0; i < Math.min(5_000, records.size()); i++) { // warm-up
                producer.send(new ProducerRecord<>(topic, records.get(i).key(), value.apply(records.get(i))));
            }
            producer.flush();
            // 200,000 sends (the edge's records over and over), so the figure is not a start-up transient
            int sends = 200_000;
            long start = System.nanoTime();
            for (int i = 0; i < sends; i++) {
                Published record = records.get(i % records.size());
                producer.send(new ProducerRecord<>(topic, record.key(), value.apply(record)));
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
