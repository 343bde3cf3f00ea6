import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints every record of the topics whose name starts with a prefix (default "pos.demo."), from the beginning to
 * the current end, one JSON object per line: {"topic","partition","offset","timestamp","key","value"} with the
 * record's key and value inlined as they are (Debezium's JSON). Needs no build, only the Connect class path:
 *
 *   java -cp ".stack/dist/connect/libs/*" tools/pos-demo/DumpTopics.java [prefix] > /tmp/cdc.jsonl
 *
 * Used to capture tools/pos-demo/examples/*.json. Reads without a consumer group (assign + seekToBeginning).
 * Pretty-print or pick records with python3 -m json.tool, not jq 1.6 (it rounds the 19-digit ts_ns values).
 */
public class DumpTopics {
    public static void main(String[] args) {
        Properties p = new Properties();
        p.put("bootstrap.servers", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092"));
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        String prefix = args.length > 0 ? args[0] : "pos.demo.";
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics().forEach((topic, infos) -> {
                if (topic.startsWith(prefix)) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println("{\"topic\":\"" + r.topic() + "\",\"partition\":" + r.partition()
                            + ",\"offset\":" + r.offset() + ",\"timestamp\":" + r.timestamp()
                            + ",\"key\":" + r.key() + ",\"value\":" + r.value() + "}");
                }
                if (partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                    break;
                }
            }
        }
    }
}
