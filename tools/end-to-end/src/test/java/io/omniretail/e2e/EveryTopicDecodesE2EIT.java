package io.omniretail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.events.Topic;
import io.omniretail.events.Topics;
import io.omniretail.testing.TestStack;

/**
 * Every Avro topic of the catalog, the CDC topics included, read the way a third-party Confluent-compatible client
 * reads it: magic byte 0, a 4-byte schema id, the writer's schema fetched from the Confluent API of the registry
 * (GET /schemas/ids/{id}), then plain Avro binary decoding that must use every byte. No Apicurio serde, no generated
 * class. The poison records other suites send on purpose (no magic byte, or a schema id no registry holds:
 * PoisonRecordsE2EIT) are recognised as such and skipped; everything else must decode.
 */
class EveryTopicDecodesE2EIT {

    static final int PER_TOPIC = 200;
    /** The schema id PoisonRecordsE2EIT frames its garbage with. */
    static final int POISON_SCHEMA_ID = Integer.MAX_VALUE - 7;
    /** Topics the suites write for sure: each must hold decodable records. */
    static final List<String> MUST_HAVE_RECORDS = List.of("retail.touchpoints.v1", "retail.customers.unified.v1",
            "retail.customers.profiles.v1", "retail.loyalty.events.v1", "retail.notifications.requests.v1",
            "pos.demo.public.sales", "pos.demo.public.sale_lines", "pos.demo.transaction");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemas = new HashMap<>();

    @Test
    void everyAvroTopicDecodesWithAGenericConfluentClient() throws Exception {
        Map<String, Integer> decoded = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "generic-decoder-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (Topic<?> topic : Topics.ALL) {
                if (topic.valueType() == byte[].class) {
                    continue; // raw webhook bodies kept in quarantine, not Avro by design
                }
                List<ConsumerRecord<byte[], byte[]>> records = firstRecords(consumer, topic.name());
                int count = 0;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.value() == null || record.value().length < 5 || record.value()[0] != 0
                            || ByteBuffer.wrap(record.value(), 1, 4).getInt() == POISON_SCHEMA_ID) {
                        continue; // a tombstone, or a poison record sent on purpose
                    }
                    decode(topic.name() + "[" + record.partition() + "]@" + record.offset(), record.value());
                    if (record.key() != null && record.key().length >= 5 && record.key()[0] == 0) {
                        decode(topic.name() + " key", record.key()); // Connect writes its keys in Avro too
                    }
                    count++;
                }
                decoded.put(topic.name(), count);
            }
        }
        System.out.println("records decoded per topic: " + decoded);
        assertThat(MUST_HAVE_RECORDS).allSatisfy(topic -> assertThat(decoded.get(topic)).as(topic).isPositive());
    }

    private void decode(String what, byte[] bytes) throws IOException, InterruptedException {
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        Schema schema = schema(id);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
        Object datum = new GenericDatumReader<>(schema).read(null, decoder);
        assertThat(datum).as(what).isNotNull();
        assertThat(decoder.isEnd()).as(what + ": every byte decoded with schema " + id).isTrue();
    }

    private Schema schema(int id) throws IOException, InterruptedException {
        Schema known = schemas.get(id);
        if (known != null) {
            return known;
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(TestStack.registryCcompatUrl() + "/schemas/ids/" + id))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /schemas/ids/" + id).isEqualTo(200);
        Schema schema = new Schema.Parser().parse(json.readTree(response.body()).path("schema").asText());
        schemas.put(id, schema);
        return schema;
    }

    private static List<ConsumerRecord<byte[], byte[]>> firstRecords(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        // the newest records of each partition: the ones this build's services and connector wrote
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, Math.max(0, ends.get(partition) - PER_TOPIC / partitions.size()));
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(deadline) && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
