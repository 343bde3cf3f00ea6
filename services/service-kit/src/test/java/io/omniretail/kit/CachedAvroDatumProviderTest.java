package io.omniretail.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.omniretail.events.common.EventMetadata;

class CachedAvroDatumProviderTest {

    private static EventMetadata metadata() {
        return EventMetadata.newBuilder().setEventId("e-1").setOccurredAt(Instant.parse("2026-12-02T01:00:00Z"))
                .setSource("test").setCorrelationId("c-1").setCausationId("cause-1").build();
    }

    private static CachedAvroDatumProvider<Object> provider(boolean specific) {
        CachedAvroDatumProvider<Object> provider = new CachedAvroDatumProvider<>();
        provider.configure(new AvroSerdeConfig(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, specific)));
        return provider;
    }

    private static byte[] write(CachedAvroDatumProvider<Object> provider, Object value, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        provider.createDatumWriter(value, schema).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void theSameSchemaObjectGetsTheSameWriterAndReader() {
        CachedAvroDatumProvider<Object> provider = provider(true);
        Schema schema = EventMetadata.getClassSchema();
        assertThat(provider.createDatumWriter(metadata(), schema)).isSameAs(provider.createDatumWriter(metadata(), schema));
        assertThat(provider.createDatumReader(schema)).isSameAs(provider.createDatumReader(schema));
        assertThat(provider.cachedSchemas()).isEqualTo(2);
    }

    @Test
    void aRecordWrittenAndReadThroughTheCacheComesBackEqual() throws IOException {
        CachedAvroDatumProvider<Object> provider = provider(true);
        Schema schema = EventMetadata.getClassSchema();
        for (int i = 0; i < 3; i++) { // the cached writer and reader keep working record after record
            byte[] bytes = write(provider, metadata(), schema);
            Object read = provider.createDatumReader(schema).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            assertThat(read).isInstanceOf(EventMetadata.class).isEqualTo(metadata());
        }
    }

    @Test
    void genericReadingIsKeptWhenConfigured() throws IOException {
        CachedAvroDatumProvider<Object> provider = provider(false);
        Schema schema = EventMetadata.getClassSchema();
        byte[] bytes = write(provider, metadata(), schema);
        Object read = provider.createDatumReader(schema).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        assertThat(read).isInstanceOf(GenericRecord.class).isNotInstanceOf(EventMetadata.class);
        assertThat(((GenericRecord) read).get("causationId")).hasToString("cause-1");
    }

    @Test
    void anEqualButDistinctSchemaObjectIsItsOwnEntry() {
        CachedAvroDatumProvider<Object> provider = provider(true);
        Schema copy = new Schema.Parser().parse(EventMetadata.getClassSchema().toString());
        provider.createDatumReader(EventMetadata.getClassSchema());
        provider.createDatumReader(copy);
        assertThat(copy).isEqualTo(EventMetadata.getClassSchema());
        assertThat(provider.cachedSchemas()).isEqualTo(2);
    }

    @Test
    void newSchemaObjectsEveryTimeStartTheCacheAfreshInsteadOfGrowing() {
        CachedAvroDatumProvider<Object> provider = provider(true);
        String json = EventMetadata.getClassSchema().toString();
        for (int i = 0; i < CachedAvroDatumProvider.MAX_SCHEMAS * 3; i++) {
            provider.createDatumReader(new Schema.Parser().parse(json));
        }
        assertThat(provider.cachedSchemas()).isLessThanOrEqualTo(CachedAvroDatumProvider.MAX_SCHEMAS);
    }
}
