package io.omniretail.tools.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * schemas/topics.yaml: every topic, its key and value contract, sizing, retention, its single writer and its
 * readers. Local topic creation, the broker check and the Strimzi KafkaTopic resources are all derived from it.
 */
public record TopicCatalog(Defaults defaults, List<Topic> topics) {

    /** Dead letters of a consumed topic: few records, kept long enough for someone to look at them. */
    static final String DLQ_SUFFIX = ".dlq";
    static final long DLQ_RETENTION_MS = 30L * 24 * 3600 * 1000;

    public record Defaults(int partitions, short replicationFactor) {
    }

    public record Topic(String name, String description, String key, String value, Integer partitions,
            String cleanupPolicy, Long retentionMs, String writer, String plannedWriter, List<String> readers,
            List<String> plannedReaders, Boolean dlq) {

        public Topic {
            readers = readers == null ? List.of() : readers;
            plannedReaders = plannedReaders == null ? List.of() : plannedReaders;
        }

        public boolean hasDlq() {
            return Boolean.TRUE.equals(dlq);
        }

        /** The value is a generated contract of schemas/ (not Connect's derived Avro, not raw bytes). */
        public boolean isContract() {
            return value != null && !value.startsWith("json:") && !value.startsWith("connect-avro:") && !value.startsWith("bytes:");
        }
    }

    /** What the broker should hold for one topic. */
    public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    }

    public static TopicCatalog load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        TopicCatalog catalog = yaml.readValue(file.toFile(), TopicCatalog.class);
        catalog.validate();
        return catalog;
    }

    /** The catalog's topics plus one DLQ for every topic marked dlq: true. */
    public List<TopicSpec> expectedTopics() {
        List<TopicSpec> specs = new ArrayList<>();
        for (Topic topic : topics) {
            Map<String, String> configs = new TreeMap<>();
            String policy = topic.cleanupPolicy() == null ? "delete" : topic.cleanupPolicy();
            configs.put("cleanup.policy", policy);
            if (topic.retentionMs() != null) {
                configs.put("retention.ms", Long.toString(topic.retentionMs()));
            }
            int partitions = topic.partitions() == null ? defaults.partitions() : topic.partitions();
            specs.add(new TopicSpec(topic.name(), partitions, defaults.replicationFactor(), configs));
            if (topic.hasDlq()) {
                specs.add(new TopicSpec(topic.name() + DLQ_SUFFIX, 1, defaults.replicationFactor(),
                        new TreeMap<>(Map.of("cleanup.policy", "delete",
                                "retention.ms", Long.toString(DLQ_RETENTION_MS)))));
            }
        }
        return specs;
    }

    private void validate() {
        if (defaults == null || topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("topic catalog needs 'defaults' and a non-empty 'topics' list");
        }
        List<String> seen = new ArrayList<>();
        for (Topic topic : topics) {
            require(topic.name() != null && !topic.name().isBlank(), "a topic without a name");
            require(!seen.contains(topic.name()), "topic listed twice: " + topic.name());
            seen.add(topic.name());
            require(topic.key() != null && topic.value() != null, topic.name() + ": key and value are required");
            require(isBlank(topic.writer()) != isBlank(topic.plannedWriter()),
                    topic.name() + ": exactly one writer (or plannedWriter) is required");
            require(topic.readers().stream().noneMatch(topic.plannedReaders()::contains),
                    topic.name() + ": a reader cannot be both real and planned");
            require(topic.cleanupPolicy() == null || List.of("delete", "compact").contains(topic.cleanupPolicy()),
                    topic.name() + ": cleanupPolicy must be delete or compact");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("topic catalog: " + message);
        }
    }
}
