package io.omniretail.tools.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class StrimziTopicsMatchCatalogTest {

    @Test
    void committedKafkaTopicResourcesAreTheOnesRenderedFromTheCatalog() throws Exception {
        String rendered = StrimziTopicRenderer.render(TopicCatalog.load(TopicCatalogTest.CATALOG), "omniretail");
        assertThat(Files.readString(Path.of("../../deploy/base/kafka/topics.generated.yaml")))
                .as("deploy/base/kafka/topics.generated.yaml is stale: run `make deploy-topics`")
                .isEqualTo(rendered);
    }

    @Test
    void topicNamesWithUnderscoresGetValidKubernetesNames() {
        assertThat(StrimziTopicRenderer.resourceName("pos.demo.public.sale_lines")).isEqualTo("pos.demo.public.sale-lines");
    }
}
