package io.omniretail.events;

import java.util.List;

/**
 * One topic of schemas/topics.yaml, typed by its value: the constants in {@link Topics} are generated from the
 * catalog at build time, so code can only name topics the catalog has, and only with the value type it declares.
 *
 * @param name           the Kafka topic
 * @param valueType      the generated Avro class, {@code String} for JSON topics written by Kafka Connect, or
 *                       {@code byte[]} for raw bytes
 * @param compacted      cleanup.policy=compact: a tombstone (null value) deletes its key
 * @param writer         the one component that writes it, or null while that writer is only planned
 * @param readers        the components that read it today
 * @param plannedReaders readers the design names that are not built yet
 * @param dlq            whether its readers dead-letter to {@link #dlqName()}
 */
public record Topic<V>(String name, Class<V> valueType, boolean compacted, String writer, List<String> readers,
        List<String> plannedReaders, boolean dlq) {

    public static final String DLQ_SUFFIX = ".dlq";

    public String dlqName() {
        return name + DLQ_SUFFIX;
    }

    @Override
    public String toString() {
        return name;
    }
}
