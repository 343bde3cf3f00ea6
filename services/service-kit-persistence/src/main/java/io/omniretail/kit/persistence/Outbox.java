package io.omniretail.kit.persistence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.omniretail.events.Topic;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records an event to publish as part of the caller's current transaction: if the transaction commits, the
 * relay publishes it (at least once, in order per key); if it rolls back, the event never existed. Topics come
 * typed from the catalog ({@code io.omniretail.events.Topics}), and a service may only write the topics whose
 * catalog writer it is: anything else is a programming error and fails the transaction.
 */
@ApplicationScoped
public class Outbox {

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    public <V extends SpecificRecord> Uni<Void> enqueue(Topic<V> topic, String key, V event) {
        return Uni.createFrom().deferred(() -> {
            requireWriter(topic);
            // a plain insert, not an entity: nothing reads the row back in this transaction, and an entity would cost
            // a generated-id read and a place in the session for every event
            return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                    .setParameter("topic", topic.name()).setParameter("key", key)
                    .setParameter("type", event.getClass().getName()).setParameter("payload", encode(event))
                    .executeUpdate()).replaceWithVoid();
        });
    }

    private static final String INSERT = "INSERT INTO kit_outbox (topic, record_key, value_type, payload) VALUES (:topic, :key, :type, :payload)";

    /** A null value for the key: on a compacted topic it deletes the key (merged-away or erased customers). */
    public Uni<Void> enqueueTombstone(Topic<?> topic, String key) {
        return Uni.createFrom().deferred(() -> {
            requireWriter(topic);
            if (!topic.compacted()) {
                throw new IllegalArgumentException(topic + " is not compacted: a tombstone would delete nothing");
            }
            OutboxEntry entry = entry(topic.name(), key);
            entry.valueType = OutboxEntry.TOMBSTONE;
            return entry.persist().replaceWithVoid();
        });
    }

    /**
     * Re-delivers a consumed event to {@code topic} (whose writer is another component) once {@code notBefore} has
     * passed, with {@code headers}: the kit's parking of events that await a dependency. Not for services' own
     * output, which goes through {@link #enqueue}.
     */
    Uni<Void> redeliverLater(String topic, String key, SpecificRecord event, Map<String, String> headers, Instant notBefore) {
        return Uni.createFrom().deferred(() -> {
            OutboxEntry entry = record(topic, key, event);
            entry.headers = headers;
            entry.notBefore = notBefore;
            return entry.persist().replaceWithVoid();
        });
    }

    private void requireWriter(Topic<?> topic) {
        if (!service.equals(topic.writer())) {
            throw new IllegalStateException(service + " may not write " + topic + ": its catalog writer is "
                    + topic.writer() + " (schemas/topics.yaml)");
        }
    }

    private static OutboxEntry record(String topic, String key, SpecificRecord event) {
        OutboxEntry entry = entry(topic, key);
        entry.valueType = event.getClass().getName();
        entry.payload = encode(event);
        return entry;
    }

    private static OutboxEntry entry(String topic, String key) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = topic;
        entry.recordKey = key;
        entry.createdAt = Instant.now();
        return entry;
    }

    @SuppressWarnings("unchecked")
    static byte[] encode(SpecificRecord event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<>((Class<SpecificRecord>) event.getClass()).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
