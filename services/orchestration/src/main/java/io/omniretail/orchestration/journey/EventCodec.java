package io.omniretail.orchestration.journey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Events kept in the database as Avro binary with their writer schema's fingerprint (journey_event_schema holds the
 * schema once), so an event stored before an upgrade is read with the schema it was written with and resolved to the
 * current class. Runs in the caller's session; the schema rows are written at most once per schema and process.
 */
@ApplicationScoped
public class EventCodec {

    public record Encoded(long fingerprint, byte[] payload) {
    }

    private final Map<Long, Schema> known = new ConcurrentHashMap<>();

    public Uni<Encoded> encode(SpecificRecordBase record) {
        Schema schema = record.getSchema();
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecordBase>(schema, SpecificData.getForSchema(schema)).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Encoded encoded = new Encoded(fingerprint, out.toByteArray());
        if (known.containsKey(fingerprint)) {
            return Uni.createFrom().item(encoded);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO journey_event_schema (fingerprint, schema) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, fingerprint).setParameter(2, schema.toString()).executeUpdate())
                .invoke(() -> known.put(fingerprint, schema))
                .replaceWith(encoded);
    }

    public Uni<SpecificRecordBase> decode(Class<? extends SpecificRecordBase> type, long fingerprint, byte[] payload) {
        return writerSchema(fingerprint).map(writer -> {
            Schema reader = SpecificData.get().getSchema(type);
            try {
                return new SpecificDatumReader<SpecificRecordBase>(writer, reader, SpecificData.getForSchema(reader)).read(null, DecoderFactory.get().binaryDecoder(payload, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Uni<Schema> writerSchema(long fingerprint) {
        Schema schema = known.get(fingerprint);
        if (schema != null) {
            return Uni.createFrom().item(schema);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT schema FROM journey_event_schema WHERE fingerprint = ?1", String.class)
                .setParameter(1, fingerprint).getSingleResult())
                .map(text -> known.computeIfAbsent(fingerprint, f -> new Schema.Parser().parse(text)));
    }
}
