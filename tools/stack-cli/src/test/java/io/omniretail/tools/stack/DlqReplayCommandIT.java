package io.omniretail.tools.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.omniretail.testing.TestStack;
import io.omniretail.testing.TopicProbe;

/** make dlq-replay against the real broker: the records one consumer rejected go back, byte for byte, marked for it. */
class DlqReplayCommandIT {

    @Test
    void replaysOnlyTheNamedConsumersDeadLettersOnceWithTheirBytesAndAReplayHeader() throws Exception {
        String topic = "test.replay." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = TopicCommands.admin(TestStack.kafkaBootstrapServers());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestStack.kafkaBootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1))).all().get();
            try (TopicProbe original = TopicProbe.from(topic)) {
                producer.send(deadLetter(topic, "k1", "mine", "loyalty")).get();
                producer.send(deadLetter(topic, "k2", "theirs", "promotions")).get();

                assertThat(replay(topic, "loyalty")).isZero();
                TopicProbe.Received replayed = original.await(r -> "k1".equals(r.key()), java.time.Duration.ofSeconds(10));
                assertThat(new String(replayed.rawValue(), StandardCharsets.UTF_8)).isEqualTo("mine");
                assertThat(replayed.headers()).containsEntry("omniretail.replay.consumer", "loyalty")
                        .containsEntry("traceparent", "00-abc-def-01").doesNotContainKey("dlq.reason");

                assertThat(replay(topic, "loyalty")).as("a second run replays nothing new").isZero();
                assertThat(original.collect(java.time.Duration.ofSeconds(2))).extracting(TopicProbe.Received::key).containsExactly("k1");
            } finally {
                admin.deleteTopics(List.of(topic, topic + ".dlq")).all().get();
            }
        }
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(String topic, String key, String value, String consumer) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic + ".dlq", key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        record.headers().add("dlq.reason", "rejected for the test".getBytes(StandardCharsets.UTF_8));
        record.headers().add("dlq.consumer", consumer.getBytes(StandardCharsets.UTF_8));
        record.headers().add("dlq.original.topic", topic.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static int replay(String topic, String consumer) {
        DlqReplayCommand command = new DlqReplayCommand();
        command.bootstrap = TestStack.kafkaBootstrapServers();
        command.topic = topic;
        command.consumer = consumer;
        return command.call();
    }
}
