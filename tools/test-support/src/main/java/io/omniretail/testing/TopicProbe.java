package io.omniretail.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;

/**
 * Watches a topic of the real stack from "now": created before the action under test, it sees only records
 * written afterwards. Values in the Confluent wire format are decoded to the generated Avro classes through the
 * registry; anything else stays raw. Records keep their raw bytes so tests can check the framing too.
 */
public final class TopicProbe implements AutoCloseable {

    public record Received(String key, Object value, byte[] rawValue, Map<String, String> headers, ConsumerRecord<byte[], byte[]> record) {
    }

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
    private final List<Received> seen = new ArrayList<>();

    private TopicProbe(String topic) {
        this.topic = topic;
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before the action under test
        avro.configure(TestStack.avroSerde(), false);
    }

    public static TopicProbe from(String topic) {
        return new TopicProbe(topic);
    }

    /** Waits until a record matching the predicate arrives (decoded value), and returns it. */
    public Received await(Predicate<Received> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Received received : seen) {
                if (match.test(received)) {
                    return received;
                }
            }
            poll();
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout + "; saw " + seen.size() + " others");
    }

    /** All records seen so far plus those arriving within the given time. */
    public List<Received> collect(Duration during) {
        Instant deadline = Instant.now().plus(during);
        while (Instant.now().isBefore(deadline)) {
            poll();
        }
        return List.copyOf(seen);
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            Map<String, String> headers = new HashMap<>();
            record.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null : new String(h.value())));
            Object value = record.value();
            if (record.value() != null && record.value().length > 5 && record.value()[0] == 0) {
                try {
                    value = avro.deserialize(topic, record.value());
                } catch (RuntimeException undecodable) {
                    value = record.value();
                }
            }
            seen.add(new Received(record.key() == null ? null : new String(record.key()), value, record.value(), headers, record));
        }
    }

    @Override
    public void close() {
        consumer.close();
        avro.close();
    }
}
