package io.omniretail.tools.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.omniretail.events.Topic;
import io.omniretail.events.Topics;

/**
 * schemas/topics.yaml must be true of the code: every writer and reader it names among the platform's services
 * really produces or consumes the topic, and every topic a service produces or consumes names that service. What a
 * service consumes comes from its incoming channels (application.properties); what it produces, from its outgoing
 * channels and the {@code Topics.*} constants its main code names (the kit's Outbox refuses, at run time, a topic
 * whose writer is another service). The gateway simulator stands in for the external channel gateways and is not a
 * platform service.
 */
class CatalogMatchesCodeTest {

    static final Path REPO = Path.of("../..");
    static final Pattern TOPICS_CONSTANT = Pattern.compile("\\bTopics\\.([A-Z][A-Z0-9_]*)\\b");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

    static TopicCatalog catalog;
    /** service -> topics it consumes / produces / names in code */
    static final Map<String, Set<String>> consumed = new TreeMap<>();
    static final Map<String, Set<String>> produced = new TreeMap<>();
    static final Map<String, Set<String>> named = new TreeMap<>();

    @BeforeAll
    static void readServices() throws Exception {
        catalog = TopicCatalog.load(REPO.resolve("schemas/topics.yaml"));
        Map<String, String> constants = new HashMap<>();
        for (Field field : Topics.class.getFields()) {
            if (field.getType() == Topic.class) {
                constants.put(field.getName(), ((Topic<?>) field.get(null)).name());
            }
        }
        try (Stream<Path> dirs = Files.list(REPO.resolve("services"))) {
            for (Path dir : dirs.filter(dir -> Files.exists(dir.resolve("src/main/resources/application.properties"))).toList()) {
                String service = dir.getFileName().toString();
                Properties config = load(dir.resolve("src/main/resources/application.properties"));
                consumed.put(service, channelTopics(config, "incoming"));
                produced.put(service, channelTopics(config, "outgoing"));
                named.put(service, namedTopics(dir.resolve("src/main/java"), constants));
            }
        }
    }

    @Test
    void everyTopicAServiceConsumesListsItAsReader() {
        consumed.forEach((service, topics) -> topics.forEach(topic -> assertThat(topic(topic).readers())
                .as("%s consumes %s", service, topic).contains(service)));
    }

    @Test
    void everyPlatformReaderInTheCatalogReallyConsumes() {
        for (TopicCatalog.Topic topic : catalog.topics()) {
            topic.readers().stream().filter(consumed::containsKey).forEach(reader -> assertThat(consumed.get(reader))
                    .as("catalog: %s reads %s", reader, topic.name()).contains(topic.name()));
        }
    }

    @Test
    void everyTopicAServiceWritesOrNamesHasItAsWriterOrReader() {
        produced.forEach((service, topics) -> topics.forEach(topic -> assertThat(topic(topic).writer())
                .as("%s produces %s", service, topic).isEqualTo(service)));
        named.forEach((service, topics) -> topics.forEach(topic -> assertThat(
                service.equals(topic(topic).writer()) || topic(topic).readers().contains(service))
                .as("%s names %s in its code but is neither its writer nor a reader", service, topic).isTrue()));
    }

    @Test
    void everyPlatformWriterInTheCatalogReallyWrites() {
        for (TopicCatalog.Topic topic : catalog.topics()) {
            if (topic.writer() != null && consumed.containsKey(topic.writer())) {
                assertThat(union(produced.get(topic.writer()), named.get(topic.writer())))
                        .as("catalog: %s writes %s", topic.writer(), topic.name()).contains(topic.name());
            }
        }
    }

    @Test
    void plannedWritersAndReadersAreNotBuiltYet() {
        for (TopicCatalog.Topic topic : catalog.topics()) {
            if (topic.plannedWriter() != null && named.containsKey(topic.plannedWriter())) {
                assertThat(union(produced.get(topic.plannedWriter()), named.get(topic.plannedWriter())))
                        .as("%s is marked plannedWriter of %s but writes it: make it the writer", topic.plannedWriter(), topic.name())
                        .doesNotContain(topic.name());
            }
            topic.plannedReaders().stream().filter(consumed::containsKey).forEach(reader -> assertThat(consumed.get(reader))
                    .as("%s is a planned reader of %s but consumes it: make it a reader", reader, topic.name())
                    .doesNotContain(topic.name()));
        }
    }

    @Test
    void topicsReadByAPlatformServiceHaveADeadLetterTopic() {
        for (TopicCatalog.Topic topic : catalog.topics()) {
            boolean readByService = topic.readers().stream().anyMatch(consumed::containsKey);
            assertThat(topic.hasDlq()).as("%s dlq (read by a platform service: %s)", topic.name(), readByService)
                    .isEqualTo(readByService);
        }
    }

    @Test
    void theScanSeesEveryService() {
        assertThat(consumed.keySet()).contains("customer-360", "loyalty", "notifications", "orchestration", "promotions",
                "returns", "touchpoint-ingestion");
        assertThat(consumed.get("touchpoint-ingestion")).contains("pos.demo.public.sales", "pos.demo.transaction");
        assertThat(named.get("notifications")).contains("retail.notifications.dispatch.email.v1");
    }

    private static TopicCatalog.Topic topic(String name) {
        return catalog.topics().stream().filter(topic -> topic.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is used by code but not in schemas/topics.yaml"));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a == null ? Set.of() : a);
        all.addAll(b == null ? Set.of() : b);
        return all;
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    /** Topics of the channels of one direction; ${name:default} placeholders resolved from the same file. */
    static Set<String> channelTopics(Properties config, String direction) {
        Set<String> topics = new TreeSet<>();
        Pattern attribute = Pattern.compile("mp\\.messaging\\." + direction + "\\.([^.]+)\\.topics?");
        for (String name : config.stringPropertyNames()) {
            if (attribute.matcher(name).matches()) {
                for (String topic : resolve(config, config.getProperty(name)).split(",")) {
                    topics.add(topic.trim());
                }
            }
        }
        return topics;
    }

    static String resolve(Properties config, String value) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String replacement = config.getProperty(placeholder.group(1));
            replacement = replacement != null ? resolve(config, replacement) : placeholder.group(2);
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(replacement == null ? "" : replacement));
        }
        return placeholder.appendTail(resolved).toString();
    }

    static Set<String> namedTopics(Path sources, Map<String, String> constants) throws IOException {
        Set<String> topics = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".java")).toList()) {
                Matcher constant = TOPICS_CONSTANT.matcher(read(file));
                while (constant.find()) {
                    String topic = constants.get(constant.group(1));
                    assertThat(topic).as("%s names Topics.%s", file, constant.group(1)).isNotNull();
                    topics.add(topic);
                }
            }
        }
        return topics;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void placeholdersResolveWithDefaults() {
        Properties config = new Properties();
        config.setProperty("prefix", "${POS_TOPIC_PREFIX_UNSET_FOR_TEST:pos.demo}");
        assertThat(resolve(config, "${prefix}.public.sales,${prefix}.transaction")).isEqualTo("pos.demo.public.sales,pos.demo.transaction");
        assertThat(List.of(resolve(config, "plain"))).containsExactly("plain");
    }
}
