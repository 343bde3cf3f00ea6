package io.omniretail.tools.stack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints a topic as JSON lines, decoding Confluent-framed Avro through the registry (no generated classes
 * needed: the schema comes from the registry) and printing anything else, such as CDC JSON, as text.
 */
@Command(name = "tap", description = "Follows a topic and prints each record (key, value as JSON, headers).")
final class TapCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true)
    String bootstrap;
    @Option(names = "--registry", required = true, description = "Apicurio core API URL")
    String registry;
    @Option(names = "--from", defaultValue = "end", description = "beginning | end")
    String from;
    @Option(names = "--max", defaultValue = "-1", description = "stop after this many records")
    long max;
    @Parameters(index = "0")
    String topic;

    @Override
    public Integer call() {
        Map<String, Object> serde = new HashMap<>(Map.of(
                "apicurio.registry.url", registry,
                "apicurio.registry.headers.enabled", false,
                "apicurio.registry.use-id", "contentId"));
        Map<String, Object> consumer = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "tap-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "beginning".equals(from) ? "earliest" : "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long seen = 0;
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>()) {
            avro.configure(serde, false);
            kafka.subscribe(List.of(topic));
            System.err.println("tapping " + topic + " from the " + from + " (Ctrl-C to stop)");
            while (max < 0 || seen < max) {
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    System.out.println(line(record, avro));
                    if (++seen == max) {
                        break;
                    }
                }
            }
        }
        return 0;
    }

    private String line(ConsumerRecord<byte[], byte[]> record, AvroKafkaDeserializer<Object> avro) {
        StringBuilder headers = new StringBuilder();
        for (Header header : record.headers()) {
            headers.append(headers.isEmpty() ? "" : ",").append('"').append(header.key()).append("\":\"")
                    .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8).replace("\"", "\\\"")).append('"');
        }
        return "{\"partition\":" + record.partition() + ",\"offset\":" + record.offset()
                + ",\"key\":" + quote(record.key()) + ",\"headers\":{" + headers + "},\"value\":" + value(record, avro) + "}";
    }

    private String value(ConsumerRecord<byte[], byte[]> record, AvroKafkaDeserializer<Object> avro) {
        byte[] bytes = record.value();
        if (bytes == null) {
            return "null";
        }
        if (bytes.length > 5 && bytes[0] == 0) {
            try {
                return String.valueOf(avro.deserialize(record.topic(), bytes));
            } catch (RuntimeException e) {
                return quote(("<undecodable Avro: " + e.getMessage() + ">").getBytes(StandardCharsets.UTF_8));
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.startsWith("{") ? text : quote(bytes);
    }

    private static String quote(byte[] bytes) {
        return bytes == null ? "null" : "\"" + new String(bytes, StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
