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
 * Writers (with their schema's fingerprint) are built once per record class and readers once per writer schema and
 * class: resolving two schemas costs far more than reading an event. Avro's datum readers and writers hold no state
 * between calls, so they are shared across threads.
 */
@ApplicationScoped
public class EventCodec {

    public record Encoded(long fingerprint, byte[] payload) {
    }

    private record Writer(Schema schema, long fingerprint, SpecificDatumWriter<SpecificRecordBase> datumWriter) {
    }

    private record ReaderKey(long fingerprint, Class<? extends SpecificRecordBase> type) {
    }

    private final Map<Long, Schema> known = new ConcurrentHashMap<>();
    private final ClassValue<Writer> writers = new ClassValue<>() {
        @Override
        protected Writer computeValue(Class<?> type) {
            Schema schema = SpecificData.get().getSchema(type);
            return new Writer(schema, SchemaNormalization.parsingFingerprint64(schema), new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema)));
        }
    };
    private final Map<ReaderKey, SpecificDatumReader<SpecificRecordBase>> readers = new ConcurrentHashMap<>();

    public Uni<Encoded> encode(SpecificRecordBase record) {
        Writer writer = writers.get(record.getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.datumWriter().write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long fingerprint = writer.fingerprint();
        Encoded encoded = new Encoded(fingerprint, out.toByteArray());
        if (known.containsKey(fingerprint)) {
            return Uni.createFrom().item(encoded);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO journey_event_schema (fingerprint, schema) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, fingerprint).setParameter(2, writer.schema().toString()).executeUpdate())
                .invoke(() -> known.put(fingerprint, writer.schema()))
                .replaceWith(encoded);
    }

    public Uni<SpecificRecordBase> decode(Class<? extends SpecificRecordBase> type, long fingerprint, byte[] payload) {
        return writerSchema(fingerprint).map(writer -> {
            SpecificDatumReader<SpecificRecordBase> reader = readers.computeIfAbsent(new ReaderKey(fingerprint, type), key -> {
                Schema schema = SpecificData.get().getSchema(type);
                return new SpecificDatumReader<>(writer, schema, SpecificData.getForSchema(schema));
            });
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(payload, null));
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
