package io.omniretail.tools.stack;

import java.util.Locale;

/** Renders the catalog as Strimzi KafkaTopic resources (deploy/base/kafka/topics.generated.yaml). */
public final class StrimziTopicRenderer {

    static final String HEADER = """
            # GENERATED from schemas/topics.yaml by `make deploy-topics` (stack-cli render-strimzi-topics).
            # Do not edit: StrimziTopicsMatchCatalogTest fails when this file and the catalog disagree.
            # Replicas come from the catalog defaults; overlays patch them for production.
            """;

    private StrimziTopicRenderer() {
    }

    public static String render(TopicCatalog catalog, String cluster) {
        StringBuilder out = new StringBuilder(HEADER);
        for (TopicCatalog.TopicSpec spec : catalog.expectedTopics()) {
            out.append("---\n")
                    .append("apiVersion: kafka.strimzi.io/v1\n")
                    .append("kind: KafkaTopic\n")
                    .append("metadata:\n")
                    .append("  name: ").append(resourceName(spec.name())).append('\n')
                    .append("  labels:\n")
                    .append("    strimzi.io/cluster: ").append(cluster).append('\n')
                    .append("spec:\n")
                    .append("  topicName: ").append(spec.name()).append('\n')
                    .append("  partitions: ").append(spec.partitions()).append('\n')
                    .append("  replicas: ").append(spec.replicationFactor()).append('\n')
                    .append("  config:\n");
            spec.configs().forEach((key, value) -> out.append("    ").append(key).append(": \"").append(value).append("\"\n"));
        }
        return out.toString();
    }

    /** Kubernetes names allow lower-case letters, digits, '-' and '.'; topic names may also hold '_'. */
    static String resourceName(String topic) {
        return topic.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
