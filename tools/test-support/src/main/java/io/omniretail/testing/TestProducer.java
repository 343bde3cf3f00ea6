package io.omniretail.testing;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;

/**
 * Writes to the real stack the way the services do (Confluent-framed Avro through the registry, acks=all), or
 * writes raw bytes, for poison-record tests. Sends are synchronous: the record is on the broker on return.
 */
public final class TestProducer implements AutoCloseable {

    private static TestProducer shared;

    private final KafkaProducer<String, SpecificRecord> avro;
    private final KafkaProducer<String, byte[]> raw;

    public TestProducer() {
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(TestStack.avroSerde(), false);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        avro = new KafkaProducer<>(config, new StringSerializer(), serializer);
        raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** One producer for the whole test JVM, closed when it exits. */
    public static synchronized TestProducer shared() {
        if (shared == null) {
            shared = new TestProducer();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public void send(String topic, String key, SpecificRecord value) {
        try {
            avro.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    public void sendRaw(String topic, String key, byte[] value) {
        try {
            raw.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    @Override
    public void close() {
        avro.close();
        raw.close();
    }
}
