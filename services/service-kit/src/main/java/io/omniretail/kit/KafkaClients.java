package io.omniretail.kit;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Plain Kafka producers for the kit's own sends (outbox relay, dead letters), configured from the same
 * properties as the SmallRye channels so there is one set of Kafka and registry settings per service.
 */
@ApplicationScoped
public class KafkaClients {

    static final String CONNECTOR_PREFIX = "mp.messaging.connector.smallrye-kafka.";

    @Inject
    Config config;

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

    private Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class));
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return producer;
    }
}
