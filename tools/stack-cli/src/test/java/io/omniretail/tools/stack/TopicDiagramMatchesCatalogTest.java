package io.omniretail.tools.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class TopicDiagramMatchesCatalogTest {

    @Test
    void readmeDiagramIsTheOneRenderedFromTheCatalog() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        assertThat(readme).as("README.md topic diagram is stale: run `make deploy-topics`")
                .isEqualTo(TopicDiagramRenderer.replaceIn(readme, TopicCatalog.load(TopicCatalogTest.CATALOG)));
    }

    @Test
    void plannedEdgesAreDotted() throws Exception {
        String diagram = TopicDiagramRenderer.render(TopicCatalog.load(TopicCatalogTest.CATALOG));
        assertThat(diagram).contains(" -. planned .-> c_orchestration\n").contains(" --> c_customer_360\n");
    }
}
