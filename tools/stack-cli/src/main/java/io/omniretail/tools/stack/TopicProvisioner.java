package io.omniretail.tools.stack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

import io.omniretail.tools.stack.TopicCatalog.TopicSpec;

/** Makes the broker hold exactly the catalog's topics, and reports where it does not. */
public final class TopicProvisioner {

    /** Not ours to manage: Kafka's own (__*), Kafka Connect's (_connect.*) and tests' scratch topics (test.*). */
    static boolean isUnmanaged(String topic) {
        return topic.startsWith("_") || topic.startsWith("test.");
    }

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** Creates missing topics, adds missing partitions and aligns configs. Returns what it changed. */
    public List<String> apply(List<TopicSpec> expected) throws ExecutionException, InterruptedException {
        List<String> changes = new ArrayList<>();
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> toCreate = expected.stream().filter(spec -> !existing.contains(spec.name()))
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()))
                .toList();
        if (!toCreate.isEmpty()) {
            admin.createTopics(toCreate).all().get();
            toCreate.forEach(topic -> changes.add("created " + topic.name() + " (" + topic.numPartitions() + " partitions)"));
        }
        List<TopicSpec> present = expected.stream().filter(spec -> existing.contains(spec.name())).toList();
        Map<String, TopicDescription> descriptions = describe(present);
        for (TopicSpec spec : present) {
            int actual = descriptions.get(spec.name()).partitions().size();
            if (actual < spec.partitions()) {
                admin.createPartitions(Map.of(spec.name(), NewPartitions.increaseTo(spec.partitions()))).all().get();
                changes.add("increased " + spec.name() + " to " + spec.partitions() + " partitions");
            }
        }
        Map<ConfigResource, Config> configs = configs(present);
        for (TopicSpec spec : present) {
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            List<AlterConfigOp> ops = spec.configs().entrySet().stream()
                    .filter(entry -> !entry.getValue().equals(value(actual, entry.getKey())))
                    .map(entry -> new AlterConfigOp(new ConfigEntry(entry.getKey(), entry.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            if (!ops.isEmpty()) {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()), ops)).all().get();
                changes.add("updated " + spec.name() + " configs " + ops.stream().map(op -> op.configEntry().name()).toList());
            }
        }
        return changes;
    }

    /** Every difference between the broker and the catalog; empty when they agree. */
    public List<String> drift(List<TopicSpec> expected) throws ExecutionException, InterruptedException {
        List<String> problems = new ArrayList<>();
        Set<String> existing = admin.listTopics().names().get();
        Set<String> expectedNames = expected.stream().map(TopicSpec::name).collect(Collectors.toSet());
        existing.stream().filter(name -> !isUnmanaged(name) && !expectedNames.contains(name)).sorted()
                .forEach(name -> problems.add("on the broker but not in the catalog: " + name));
        expected.stream().filter(spec -> !existing.contains(spec.name()))
                .forEach(spec -> problems.add("in the catalog but not on the broker: " + spec.name()));
        List<TopicSpec> present = expected.stream().filter(spec -> existing.contains(spec.name())).toList();
        Map<String, TopicDescription> descriptions = describe(present);
        Map<ConfigResource, Config> configs = configs(present);
        for (TopicSpec spec : present) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                problems.add(spec.name() + ": " + partitions + " partitions, catalog says " + spec.partitions());
            }
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.configs().forEach((key, value) -> {
                if (!value.equals(value(actual, key))) {
                    problems.add(spec.name() + ": " + key + "=" + value(actual, key) + ", catalog says " + value);
                }
            });
        }
        return problems;
    }

    private Map<String, TopicDescription> describe(Collection<TopicSpec> specs) throws ExecutionException, InterruptedException {
        if (specs.isEmpty()) {
            return Map.of();
        }
        return admin.describeTopics(specs.stream().map(TopicSpec::name).toList()).allTopicNames().get();
    }

    private Map<ConfigResource, Config> configs(Collection<TopicSpec> specs) throws ExecutionException, InterruptedException {
        if (specs.isEmpty()) {
            return Map.of();
        }
        return admin.describeConfigs(specs.stream()
                .map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).toList()).all().get();
    }

    private static String value(Config config, String key) {
        ConfigEntry entry = config == null ? null : config.get(key);
        return entry == null ? null : entry.value();
    }
}
