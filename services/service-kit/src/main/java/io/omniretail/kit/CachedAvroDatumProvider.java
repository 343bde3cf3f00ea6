package io.omniretail.kit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;

/**
 * Apicurio's datum provider with its writers and readers looked up by the schema object itself. The default provider
 * keys its caches by {@code SchemaNormalization.parsingFingerprint64}, which rebuilds the schema's canonical form for
 * every record: about a quarter of the webhook edge's CPU (JFR, docs/benchmarks.md) and the same on every consumer.
 * The schemas a serde hands over are the generated classes' own (writing) and the resolver's cached ones (reading), so
 * the same few objects come back record after record; a miss falls through to the default provider, whose behaviour
 * (specific or generic reading, reader schema by name) is unchanged. Thread-safe, like the writers and readers it
 * caches (Avro's are). Bounded: should a caller hand over new schema objects every time, the cache starts afresh
 * rather than growing. Configured for every serde through
 * {@code mp.messaging.connector.smallrye-kafka.apicurio.registry.avro-datum-provider} (the kit's configuration).
 */
public class CachedAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    static final int MAX_SCHEMAS = 256;

    /** A schema by identity: equal but distinct schema objects are distinct keys (their equals is a deep walk). */
    private record Key(Schema schema, boolean specific) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.schema == schema && key.specific == specific;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema) * 31 + (specific ? 1 : 0);
        }
    }

    private final Map<Key, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<Key, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        return cached(writers, new Key(schema, data instanceof SpecificRecord), key -> super.createDatumWriter(data, schema));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return cached(readers, new Key(schema, false), key -> super.createDatumReader(schema));
    }

    private static <V> V cached(Map<Key, V> cache, Key key, Function<Key, V> create) {
        V found = cache.get(key);
        if (found != null) {
            return found;
        }
        if (cache.size() >= MAX_SCHEMAS) {
            cache.clear();
        }
        return cache.computeIfAbsent(key, create);
    }

    int cachedSchemas() {
        return writers.size() + readers.size();
    }
}
