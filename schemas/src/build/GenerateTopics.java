import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Build step of the schemas module (exec-maven-plugin, generate-sources): writes io.omniretail.events.Topics, one
 * typed constant per entry of topics.yaml. Usage: java GenerateTopics.java topics.yaml OUTPUT_SOURCE_ROOT
 */
public class GenerateTopics {

    public static void main(String[] args) throws IOException {
        Map<?, ?> catalog = new ObjectMapper(new YAMLFactory()).readValue(Path.of(args[0]).toFile(), Map.class);
        StringBuilder out = new StringBuilder("""
                package io.omniretail.events;

                import java.util.List;

                /** Generated from schemas/topics.yaml by schemas/src/build/GenerateTopics.java: edit the catalog, not this file. */
                public final class Topics {

                    private Topics() {
                    }
                """);
        StringBuilder all = new StringBuilder();
        for (Object item : (List<?>) catalog.get("topics")) {
            Map<?, ?> topic = (Map<?, ?>) item;
            String name = (String) topic.get("name");
            String value = (String) topic.get("value");
            String type = value.startsWith("json:") ? "String" : value.startsWith("connect-avro:") ? "org.apache.avro.generic.GenericRecord"
                    : value.startsWith("bytes:") ? "byte[]" : value;
            String constant = constantName(name);
            out.append("\n    /** ").append(escape((String) topic.get("description"))).append(" */\n")
                    .append("    public static final Topic<").append(type).append("> ").append(constant)
                    .append(" = new Topic<>(\"").append(name).append("\", ").append(type).append(".class, ")
                    .append("compact".equals(topic.get("cleanupPolicy"))).append(", ")
                    .append(topic.get("writer") == null ? "null" : "\"" + topic.get("writer") + "\"").append(", ")
                    .append(list(topic.get("readers"))).append(", ").append(list(topic.get("plannedReaders"))).append(", ")
                    .append(Boolean.TRUE.equals(topic.get("dlq"))).append(");\n");
            all.append(all.isEmpty() ? "" : ", ").append(constant);
        }
        out.append("\n    /** Every topic of the catalog, in catalog order. */\n")
                .append("    public static final List<Topic<?>> ALL = List.of(").append(all).append(");\n}\n");
        Path file = Path.of(args[1], "io/omniretail/events/Topics.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
    }

    /** retail.customers.unified.v1 -> CUSTOMERS_UNIFIED; pos.demo.public.sales -> POS_DEMO_PUBLIC_SALES */
    static String constantName(String topic) {
        String stem = topic.replaceFirst("^retail\\.", "").replaceFirst("\\.v\\d+$", "");
        return stem.replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
    }

    static String list(Object value) {
        if (value == null || ((List<?>) value).isEmpty()) {
            return "List.of()";
        }
        StringBuilder list = new StringBuilder("List.of(");
        for (Object item : (List<?>) value) {
            list.append(list.length() > 8 ? ", " : "").append('"').append(item).append('"');
        }
        return list.append(')').toString();
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("*/", "* /");
    }
}
