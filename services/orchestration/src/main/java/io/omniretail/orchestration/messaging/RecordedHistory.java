package io.omniretail.orchestration.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.omniretail.kit.KafkaClients;
import io.omniretail.orchestration.definition.EventStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The recorded history of the topics journeys read (the same topics as {@link JourneyConsumers}' channels, profiles
 * included), between two times, in record-timestamp order, for dry runs (ADR 0023). Reads with its own consumer,
 * assigned rather than subscribed, committing nothing, so the live consumers never notice. The range is read in
 * slices (each partition sought by time), each slice sorted across topics and partitions before it is handed on, so
 * memory stays bounded by a slice; a record that cannot be decoded is skipped and counted in the log. Blocking: call it
 * on a worker thread.
 */
@ApplicationScoped
public class RecordedHistory {

    /**
     * One record of the range: an event of a stream, or a customer's profile (null when erased or merged away);
     * {@code customerId} is null for a product change.
     */
    public record Recorded(Optional<EventStream> stream, String customerId, SpecificRecordBase value, Instant at) {
    }

    /** The range holds more records than a dry run may read. */
    public static class TooMuchHistory extends RuntimeException {
        public TooMuchHistory(long limit) {
            super("the range holds more than " + limit + " records; narrow it or name the customers");
        }
    }

    private static final Logger LOG = Logger.getLogger(RecordedHistory.class);
    /** How far a partition's timestamps may run out of order (one outbox relay appends each, nearly in order). */
    private static final Duration DISORDER = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(500);

    @Inject
    Config config;
    @Inject
    KafkaClients clients;
    @ConfigProperty(name = "omniretail.journeys.dry-run.slice")
    Duration slice;
    @ConfigProperty(name = "omniretail.journeys.dry-run.max-records")
    long maxRecords;

    /**
     * Hands {@code sink} every record from {@code from} (inclusive) to {@code to} (exclusive) of the customers
     * {@code customers} accepts, in timestamp order; returns how many it handed on.
     */
    public long replay(Instant from, Instant to, Predicate<String> customers, Consumer<Recorded> sink) {
        Map<String, Optional<EventStream>> topics = new HashMap<>();
        JourneyConsumers.CHANNELS.forEach((stream, channel) -> topics.put(topic(channel), Optional.of(stream)));
        topics.put(topic(JourneyConsumers.PROFILES), Optional.empty());
        long handed = 0;
        long undecodable = 0;
        try (KafkaConsumer<String, byte[]> kafka = clients.reader("dry-run");
                AvroKafkaDeserializer<Object> avro = clients.avroDeserializer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics.keySet()) {
                kafka.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            kafka.assign(partitions);
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            for (Instant start = from; start.isBefore(to); start = start.plus(slice)) {
                Instant end = start.plus(slice).isBefore(to) ? start.plus(slice) : to;
                List<ConsumerRecord<String, byte[]>> records = slice(kafka, partitions, ends, start, end);
                records.sort(Comparator.<ConsumerRecord<String, byte[]>>comparingLong(ConsumerRecord::timestamp)
                        .thenComparing(ConsumerRecord::topic).thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
                for (ConsumerRecord<String, byte[]> record : records) {
                    Optional<EventStream> stream = topics.get(record.topic());
                    SpecificRecordBase value;
                    try {
                        value = record.value() == null ? null : (SpecificRecordBase) avro.deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        undecodable++;
                        continue;
                    }
                    if (stream.isPresent() && value == null) {
                        continue;
                    }
                    // a product change is no customer's: it reaches whichever instances wait on it
                    String customerId = stream.isEmpty() ? record.key()
                            : stream.get() == EventStream.PRODUCT ? null : String.valueOf(value.get("customerId"));
                    if (stream.map(s -> s != EventStream.PRODUCT).orElse(true) && (customerId == null || !customers.test(customerId))) {
                        continue;
                    }
                    if (++handed > maxRecords) {
                        throw new TooMuchHistory(maxRecords);
                    }
                    sink.accept(new Recorded(stream, customerId, value, Instant.ofEpochMilli(record.timestamp())));
                }
            }
        }
        if (undecodable > 0) {
            LOG.warnf("dry run %s..%s: %d record(s) could not be decoded and were skipped (see the topics' DLQs)", from, to, undecodable);
        }
        return handed;
    }

    /** The records of every partition timestamped in [start, end), each partition read from the first offset at start. */
    private List<ConsumerRecord<String, byte[]>> slice(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends, Instant start, Instant end) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, start.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(times);
        Set<TopicPartition> reading = new HashSet<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset != null && offset.offset() < ends.get(partition)) {
                kafka.seek(partition, offset.offset());
                reading.add(partition);
            }
        }
        kafka.resume(partitions);
        kafka.pause(partitions.stream().filter(partition -> !reading.contains(partition)).toList());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long stop = end.plus(DISORDER).toEpochMilli();
        while (!reading.isEmpty()) {
            for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (!reading.contains(partition)) {
                    continue;
                }
                if (record.offset() >= ends.get(partition) || record.timestamp() >= stop) {
                    reading.remove(partition);
                    kafka.pause(List.of(partition));
                    continue;
                }
                if (record.timestamp() >= start.toEpochMilli() && record.timestamp() < end.toEpochMilli()) {
                    records.add(record);
                }
            }
            for (TopicPartition partition : List.copyOf(reading)) {
                if (kafka.position(partition) >= ends.get(partition)) {
                    reading.remove(partition);
                    kafka.pause(List.of(partition));
                }
            }
        }
        return records;
    }

    private String topic(String channel) {
        return config.getValue("mp.messaging.incoming." + channel + ".topic", String.class);
    }
}
