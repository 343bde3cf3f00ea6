package io.omniretail.tools.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import io.omniretail.testing.TestStack;

/** The broker of the running stack holds exactly the catalog's topics, and a stray topic is reported. */
class CreatedTopicsMatchCatalogIT {

    @Test
    void brokerTopicsAgreeWithTheCatalog() throws Exception {
        try (Admin admin = TopicCommands.admin(TestStack.kafkaBootstrapServers())) {
            assertThat(new TopicProvisioner(admin).drift(TopicCatalog.load(TopicCatalogTest.CATALOG).expectedTopics()))
                    .isEmpty();
        }
    }

    @Test
    void aTopicMissingFromTheCatalogIsReportedAsDrift() throws Exception {
        String stray = "retail.stray" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
        try (Admin admin = TopicCommands.admin(TestStack.kafkaBootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(stray, 1, (short) 1))).all().get();
            try {
                assertThat(new TopicProvisioner(admin).drift(TopicCatalog.load(TopicCatalogTest.CATALOG).expectedTopics()))
                        .containsExactly("on the broker but not in the catalog: " + stray);
            } finally {
                admin.deleteTopics(List.of(stray)).all().get();
            }
        }
    }
}
