package io.omniretail.kit.persistence;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.omniretail.testing.TestStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The kit tests' topics (test.* is outside the catalog's drift check), created before the application starts. */
public class KitTopics implements QuarkusTestResourceLifecycleManager {

    static final String IN = "test.kit.in";

    @Override
    public Map<String, String> start() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = List.of(new NewTopic(IN, 3, (short) 1), new NewTopic(IN + ".dlq", 1, (short) 1),
                    new NewTopic(KitTestConsumer.OUT.name(), 3, (short) 1)).stream()
                    .filter(topic -> !existing.contains(topic.name())).toList();
            admin.createTopics(missing).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the kit test topics", e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
