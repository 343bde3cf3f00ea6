package io.omniretail.tools.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The README's architecture diagram, rendered from the catalog (Mermaid flowchart): each topic between its writer
 * and its readers; planned writers and readers as dotted edges. README.md holds it between {@link #BEGIN} and
 * {@link #END}; TopicDiagramMatchesCatalogTest fails when the two differ, and `make deploy-topics` rewrites it.
 */
public final class TopicDiagramRenderer {

    static final String BEGIN = "<!-- topic diagram: generated from schemas/topics.yaml by `make deploy-topics` -->";
    static final String END = "<!-- end of topic diagram -->";

    private TopicDiagramRenderer() {
    }

    public static String render(TopicCatalog catalog) {
        Map<String, String> components = new LinkedHashMap<>();
        StringBuilder edges = new StringBuilder();
        int index = 0;
        for (TopicCatalog.Topic topic : catalog.topics()) {
            String node = "t" + index++;
            String label = topic.name() + ("compact".equals(topic.cleanupPolicy()) ? " (compacted)" : "");
            String writer = topic.writer() != null ? topic.writer() : topic.plannedWriter();
            edges.append("  ").append(component(components, writer)).append(topic.writer() != null ? " --> " : " -. planned .-> ")
                    .append(node).append("[[").append(label).append("]]\n");
            for (String reader : topic.readers()) {
                edges.append("  ").append(node).append(" --> ").append(component(components, reader)).append('\n');
            }
            for (String reader : topic.plannedReaders()) {
                edges.append("  ").append(node).append(" -. planned .-> ").append(component(components, reader)).append('\n');
            }
        }
        StringBuilder out = new StringBuilder(BEGIN).append("\n```mermaid\nflowchart LR\n");
        components.forEach((name, id) -> out.append("  ").append(id).append("(").append(name).append(")\n"));
        return out.append(edges).append("```\n").append(END).toString();
    }

    /** Replaces the diagram between the markers of a README. */
    public static String replaceIn(String readme, TopicCatalog catalog) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("README has no topic diagram markers");
        }
        return readme.substring(0, begin) + render(catalog) + readme.substring(end + END.length());
    }

    private static String component(Map<String, String> components, String name) {
        return components.computeIfAbsent(name, key -> "c_" + key.replaceAll("[^A-Za-z0-9]", "_"));
    }
}
