package io.omniretail.tools.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicCatalogTest {

    static final Path CATALOG = Path.of("../../schemas/topics.yaml");

    @Test
    void everyAvroValueIsAGeneratedContractThatCarriesEventMetadata() throws Exception {
        for (TopicCatalog.Topic topic : TopicCatalog.load(CATALOG).topics()) {
            if (!topic.isContract()) {
                assertThat(topic.value()).as(topic.name()).matches("connect-avro:debezium-.*|bytes:[a-z-]+");
                continue;
            }
            Class<?> type = Class.forName(topic.value());
            assertThat(SpecificRecord.class).as(topic.name()).isAssignableFrom(type);
            Schema schema = (Schema) type.getField("SCHEMA$").get(null);
            assertThat(schema.getFields().get(0).schema().getFullName()).as(topic.name() + " first field")
                    .isEqualTo("io.omniretail.events.common.EventMetadata");
        }
    }

    @Test
    void topicNamesFollowDomainEntityVersionOrDebeziumConvention() throws Exception {
        for (TopicCatalog.Topic topic : TopicCatalog.load(CATALOG).topics()) {
            assertThat(topic.name()).matches("retail(\\.[a-z0-9-]+)+\\.v[0-9]+|pos\\.[a-z0-9-]+\\.(public\\.[a-z_]+|transaction)");
        }
    }

    @Test
    void consumedTopicsGetADerivedDeadLetterTopic() throws Exception {
        assertThat(TopicCatalog.load(CATALOG).expectedTopics())
                .anySatisfy(spec -> {
                    assertThat(spec.name()).isEqualTo("retail.touchpoints.v1.dlq");
                    assertThat(spec.partitions()).isEqualTo(1);
                })
                .noneSatisfy(spec -> assertThat(spec.name()).isEqualTo("retail.notifications.dispatch.sms.v1.dlq"));
    }

    @Test
    void compactedTopicsAreCompactedOnTheBroker() throws Exception {
        assertThat(TopicCatalog.load(CATALOG).expectedTopics())
                .filteredOn(spec -> spec.name().equals("retail.customers.profiles.v1"))
                .singleElement()
                .satisfies(spec -> assertThat(spec.configs()).containsEntry("cleanup.policy", "compact"));
    }

    @Test
    void aTopicListedTwiceOrWithoutWriterIsRejected(@TempDir Path dir) throws Exception {
        Path twice = dir.resolve("twice.yaml");
        Files.writeString(twice, """
                defaults: {partitions: 3, replicationFactor: 1}
                topics:
                  - {name: retail.a.v1, key: k, value: v, writer: w}
                  - {name: retail.a.v1, key: k, value: v, writer: w}
                """);
        assertThatThrownBy(() -> TopicCatalog.load(twice)).hasMessageContaining("listed twice: retail.a.v1");

        Path noWriter = dir.resolve("no-writer.yaml");
        Files.writeString(noWriter, """
                defaults: {partitions: 3, replicationFactor: 1}
                topics:
                  - {name: retail.a.v1, key: k, value: v}
                """);
        assertThatThrownBy(() -> TopicCatalog.load(noWriter)).hasMessageContaining("exactly one writer");
    }
}
