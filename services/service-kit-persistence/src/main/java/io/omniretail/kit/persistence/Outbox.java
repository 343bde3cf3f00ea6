package io.omniretail.kit.persistence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records an event to publish as part of the caller's current transaction: if the transaction commits, the
 * relay publishes it (at least once, in order); if it rolls back, the event never existed.
 */
@ApplicationScoped
public class Outbox {

    public Uni<Void> enqueue(String topic, String key, SpecificRecord event) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = topic;
        entry.recordKey = key;
        entry.valueType = event.getClass().getName();
        entry.payload = encode(event);
        entry.createdAt = Instant.now();
        return entry.persist().replaceWithVoid();
    }

    /** A null value for the key: on a compacted topic it deletes the key (merged-away or erased customers). */
    public Uni<Void> enqueueTombstone(String topic, String key) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = topic;
        entry.recordKey = key;
        entry.valueType = OutboxEntry.TOMBSTONE;
        entry.createdAt = Instant.now();
        return entry.persist().replaceWithVoid();
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
