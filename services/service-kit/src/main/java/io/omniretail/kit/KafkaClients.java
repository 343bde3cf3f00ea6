package io.omniretail.kit;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Plain Kafka clients for the kit's own sends (outbox relay, dead letters) and direct reads, built from the SAME configuration
 * as the SmallRye channels: Quarkus' default Kafka configuration (every {@code kafka.*} property, e.g.
 * KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_JAAS_CONFIG, KAFKA_SSL_TRUSTSTORE_LOCATION) plus the connector-wide
 * {@code mp.messaging.connector.smallrye-kafka.*} client settings, so TLS/SASL reach every client of a service.
 */
@ApplicationScoped
public class KafkaClients {

    static final String CONNECTOR_PREFIX = "mp.messaging.connector.smallrye-kafka.";

    @Inject
    Config config;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> defaultKafka;

    public Map<String, Object> serdeConfig() {
        Map<String, Object> serde = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CONNECTOR_PREFIX + "apicurio.")) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> serde.put(name.substring(CONNECTOR_PREFIX.length()), value));
            }
        }
        return serde;
    }

    /** Confluent-framed Avro with the channels' registry settings (instances handed to a producer are not configured by it). */
    public AvroKafkaSerializer<SpecificRecord> avroSerializer() {
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(serdeConfig(), false);
        return serializer;
    }

    public KafkaProducer<String, SpecificRecord> avroProducer(String clientId) {
        return new KafkaProducer<>(producerConfig(clientId), new StringSerializer(), avroSerializer());
    }

    public KafkaProducer<byte[], byte[]> bytesProducer(String clientId) {
        return new KafkaProducer<>(producerConfig(clientId), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer that reads topics directly, assigned rather than subscribed and committing nothing (a dry run's history,
     * a scan of a compacted topic), with the channels' connection and security settings. Values stay bytes: decode
     * them with {@link #avroDeserializer()}, so one bad record is skipped rather than failing the poll.
     */
    public KafkaConsumer<String, byte[]> reader(String clientId) {
        Map<String, Object> reader = clientConfig();
        reader.put(ConsumerConfig.CLIENT_ID_CONFIG, config.getOptionalValue("quarkus.application.name", String.class)
                .map(app -> app + "-" + clientId).orElse(clientId));
        reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        reader.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(reader, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Confluent-framed Avro to the generated classes, with the channels' registry settings; close it after use. */
    public AvroKafkaDeserializer<Object> avroDeserializer() {
        AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(serdeConfig(), false);
        return deserializer;
    }

    /** The client settings every channel gets (connection, security), without channel- or serde-specific ones. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> client = new HashMap<>();
        defaultKafka.forEach((name, value) -> {
            if (isClientSetting(name)) {
                client.put(name, value);
            }
        });
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CONNECTOR_PREFIX) && isClientSetting(name.substring(CONNECTOR_PREFIX.length()))) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> client.put(name.substring(CONNECTOR_PREFIX.length()), value));
            }
        }
        return client;
    }

    /** Connection and security settings; serdes, group ids and SmallRye's own attributes are not. */
    static boolean isClientSetting(String name) {
        return name.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || name.startsWith("security.")
                || name.startsWith("sasl.") || name.startsWith("ssl.") || name.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)
                || name.startsWith("reconnect.") || name.startsWith("socket.") || name.equals("metadata.max.age.ms");
    }

    private Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> producer = clientConfig();
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, config.getOptionalValue("quarkus.application.name", String.class)
                .map(app -> app + "-" + clientId).orElse(clientId));
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // a broker outage is waited out by the caller's own retry, which keeps the partition's order
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return producer;
    }
}
