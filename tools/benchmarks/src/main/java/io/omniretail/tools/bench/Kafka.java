package io.omniretail.tools.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;

/** The benchmarks' Kafka side: a topic watcher from the end, and the consumer lag of the services' groups. */
final class Kafka {

    private Kafka() {
    }

    /** Reads every new record of {@code topic} (from its end when started) on a daemon thread, decoded to Avro classes. */
    static final class Watch<V extends SpecificRecord> implements AutoCloseable {
        private final KafkaConsumer<String, V> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Watch(String bootstrap, String registry, String topic, Consumer<V> onRecord) {
            AvroKafkaDeserializer<V> values = new AvroKafkaDeserializer<>();
            values.configure(Map.of("apicurio.registry.url", registry, "apicurio.registry.use-id", "contentId",
                    "apicurio.registry.headers.enabled", false, "apicurio.registry.use-specific-avro-reader", true), false);
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), values);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve "end" now, before any load starts
            thread = Thread.ofPlatform().daemon().name("watch-" + topic).start(() -> {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                        if (record.value() != null) {
                            onRecord.accept(record.value());
                        }
                    });
                }
                consumer.close();
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }

    /** Records not yet consumed by the services' consumer groups, summed over groups and partitions. */
    static long lag(Admin admin, List<String> groups) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        long lag = 0;
        Map<String, Map<TopicPartition, OffsetAndMetadata>> byGroup = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            byGroup.put(group, offsets);
            offsets.keySet().forEach(tp -> committed.put(tp, 0L));
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        for (Map<TopicPartition, OffsetAndMetadata> offsets : byGroup.values()) {
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
                if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                    lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                }
            }
        }
        return lag;
    }
}
