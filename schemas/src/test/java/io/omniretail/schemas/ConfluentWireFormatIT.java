package io.omniretail.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TestStack;

/**
 * A record sent through the real registry is in the Confluent wire format: byte 0 = 0, then the 4-byte schema id
 * that the registry's Confluent-compatible API gives for the subject, then the Avro binary. Any Confluent client
 * can therefore decode our topics.
 */
class ConfluentWireFormatIT {

    @Test
    void avroRecordOnTheTopicCarriesMagicByteAndTheCcompatSchemaId() throws Exception {
        String topic = "test.wire-format." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Touchpoint sent = sampleTouchpoint();

        Properties producerProps = new Properties();
        producerProps.putAll(TestStack.avroSerde());
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AvroKafkaSerializer<Touchpoint> serializer = new AvroKafkaSerializer<>();
        serializer.configure(TestStack.avroSerde(), false); // instances given to the producer are not configured by it
        try (KafkaProducer<String, Touchpoint> producer = new KafkaProducer<>(producerProps, new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, "email:hana@example.jp", sent)).get();
        }

        ConsumerRecord<byte[], byte[]> raw = readOne(topic);
        ByteBuffer bytes = ByteBuffer.wrap(raw.value());
        assertThat(bytes.get()).as("magic byte").isEqualTo((byte) 0);
        int schemaId = bytes.getInt();
        assertThat(raw.headers().toArray()).as("no Apicurio headers: the id travels in the payload").isEmpty();

        String latest = get(TestStack.registryCcompatUrl() + "/subjects/" + topic + "-value/versions/latest");
        assertThat(jsonInt(latest, "id")).as("id in the payload = id the Confluent API gives the subject")
                .isEqualTo(schemaId);
        String byId = get(TestStack.registryCcompatUrl() + "/schemas/ids/" + schemaId);
        Schema registered = new Schema.Parser().parse(jsonString(byId, "schema"));
        assertThat(registered).isEqualTo(Touchpoint.getClassSchema());

        try (AvroKafkaDeserializer<Touchpoint> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(TestStack.avroSerde(), false);
            assertThat(deserializer.deserialize(topic, raw.value())).isEqualTo(sent);
        }
    }

    private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record on " + topic + " within 30 s");
    }

    private static Touchpoint sampleTouchpoint() {
        Instant now = Instant.parse("2026-11-23T10:15:30Z");
        String eventId = UUID.randomUUID().toString();
        return Touchpoint.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(now)
                        .setSource("shopify:demo-shop.myshopify.com").setCorrelationId(eventId).build())
                .setTouchpointId(eventId)
                .setType(TouchpointType.PURCHASE)
                .setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                .setSourceSystem("shopify")
                .setSourceReference("820982911946154508")
                .setIdentity(IdentityHints.newBuilder().setEmail("hana@example.jp").setPhone("+819012345678")
                        .setLocale("ja-JP").build())
                .build();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static int jsonInt(String json, String field) throws Exception {
        return new ObjectMapper().readTree(json).get(field).asInt();
    }

    /** The Confluent API returns the schema as an escaped JSON string. */
    private static String jsonString(String json, String field) throws Exception {
        return new ObjectMapper().readTree(json).get(field).asText();
    }
}
