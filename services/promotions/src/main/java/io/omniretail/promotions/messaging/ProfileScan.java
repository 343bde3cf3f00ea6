package io.omniretail.promotions.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.kit.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every customer's latest profile, from the compacted profiles topic read from its start to its current end with the
 * kit's reader (assigned, committing nothing): the table a campaign's launch evaluates its target over. Keeps one flag
 * per customer, not the profiles. Blocking: call it from a worker thread. Fails when nothing can be read for two
 * minutes rather than waiting for ever.
 */
@ApplicationScoped
public class ProfileScan {

    private static final Logger LOG = Logger.getLogger(ProfileScan.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STALL = Duration.ofMinutes(2);

    @Inject
    KafkaClients clients;
    @ConfigProperty(name = "mp.messaging.incoming.customer-profiles.topic")
    String topic;

    /** The customers whose latest profile {@code accepts} takes, in customer-id order. */
    public List<String> customers(Predicate<CustomerProfile> accepts) {
        Map<String, Boolean> latest = new HashMap<>();
        long undecodable = 0;
        try (KafkaConsumer<String, byte[]> kafka = clients.reader("campaign-launch");
                AvroKafkaDeserializer<Object> avro = clients.avroDeserializer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            kafka.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(kafka.endOffsets(partitions));
            ends.entrySet().removeIf(end -> kafka.position(end.getKey()) >= end.getValue());
            Instant lastRecord = Instant.now();
            while (!ends.isEmpty()) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                if (!records.isEmpty()) {
                    lastRecord = Instant.now();
                } else if (Duration.between(lastRecord, Instant.now()).compareTo(STALL) > 0) {
                    // the broker is gone or the partition cannot be read: give up; the launch is claimed again later
                    throw new IllegalStateException("no profile read for " + STALL + " with " + ends.size() + " partition(s) unfinished");
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.key() != null) {
                        if (record.value() == null) {
                            latest.remove(record.key()); // erased or merged away
                        } else {
                            try {
                                latest.put(record.key(), accepts.test((CustomerProfile) avro.deserialize(record.topic(), record.value())));
                            } catch (RuntimeException e) {
                                undecodable++;
                            }
                        }
                    }
                }
                ends.entrySet().removeIf(end -> kafka.position(end.getKey()) >= end.getValue());
            }
        }
        if (undecodable > 0) {
            LOG.warnf("%d profile(s) could not be decoded and were skipped", undecodable);
        }
        return latest.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList();
    }
}
