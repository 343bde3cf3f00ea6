package io.omniretail.tools.stack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make dlq-replay TOPIC=t [CONSUMER=c]}: re-delivers what sits in {@code t.dlq} (all of it, or only what
 * consumer {@code c} rejected) to {@code t}, byte for byte with its original key and headers, marked with the
 * header {@code omniretail.replay.consumer} so that only the consumer that rejected it applies it (every other
 * consumer of {@code t} acknowledges it untouched, see the kit's EventProcessor). Progress is the committed
 * offset of the consumer group {@code dlq-replay.<consumer|all>}, so a second run replays only what was
 * dead-lettered since; a record rejected again lands in the DLQ again. Safe to repeat: event ids and the
 * consumers' inboxes make a replayed event that was already applied a no-op.
 */
@Command(name = "dlq-replay", description = "Re-delivers dead-lettered records to the consumer that rejected them.")
final class DlqReplayCommand implements Callable<Integer> {

    static final String REPLAY_HEADER = "omniretail.replay.consumer";
    static final String REPLAYED_FROM_HEADER = "omniretail.replay.from";

    @Option(names = "--bootstrap", required = true)
    String bootstrap;
    @Option(names = "--topic", required = true, description = "the original topic (not its .dlq)")
    String topic;
    @Option(names = "--consumer", description = "only records this consumer (dlq.consumer) rejected")
    String consumer;

    @Override
    public Integer call() {
        String dlq = topic + ".dlq";
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-replay." + (consumer == null ? "all" : consumer),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long replayed = 0;
        long skipped = 0;
        try (KafkaConsumer<byte[], byte[]> source = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> target = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            source.subscribe(List.of(dlq));
            int idlePolls = 0;
            while (idlePolls < 4) {
                ConsumerRecords<byte[], byte[]> records = source.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    idlePolls++;
                    continue;
                }
                idlePolls = 0;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    String rejectedBy = header(record, "dlq.consumer");
                    if (consumer != null && !consumer.equals(rejectedBy)) {
                        skipped++;
                        continue;
                    }
                    target.send(replay(record, rejectedBy)).get();
                    replayed++;
                }
                source.commitSync();
            }
        } catch (Exception e) {
            System.err.println("dlq-replay failed after " + replayed + " records: " + e);
            return 1;
        }
        System.out.printf("replayed %d record(s) from %s to %s%s; %d rejected by other consumers left in place%n", replayed, dlq,
                topic, consumer == null ? "" : " for " + consumer, skipped);
        return 0;
    }

    ProducerRecord<byte[], byte[]> replay(ConsumerRecord<byte[], byte[]> record, String rejectedBy) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dlq.") && !header.key().startsWith("omniretail.replay.")) {
                headers.add(header);
            }
        }
        if (rejectedBy != null) {
            headers.add(REPLAY_HEADER, rejectedBy.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(REPLAYED_FROM_HEADER, (record.topic() + "@" + record.partition() + ":" + record.offset()).getBytes(StandardCharsets.UTF_8));
        String original = header(record, "dlq.original.topic");
        return new ProducerRecord<>(original == null ? topic : original, null, record.key(), record.value(), headers);
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
