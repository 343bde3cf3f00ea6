package io.omniretail.tools.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

final class TopicCommands {

    private TopicCommands() {
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                // the broker may still be starting: keep retrying for a minute
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    @Command(name = "create-topics", description = "Creates or aligns every catalog topic (and DLQ) on the broker.")
    static final class CreateTopics implements Callable<Integer> {
        @Option(names = "--bootstrap", required = true)
        String bootstrap;
        @Parameters(index = "0", description = "topic catalog (schemas/topics.yaml)")
        Path catalog;

        @Override
        public Integer call() throws Exception {
            List<TopicCatalog.TopicSpec> expected = TopicCatalog.load(catalog).expectedTopics();
            try (Admin admin = admin(bootstrap)) {
                TopicProvisioner provisioner = new TopicProvisioner(admin);
                List<String> changes = provisioner.apply(expected);
                changes.forEach(change -> System.out.println("    " + change));
                List<String> drift = provisioner.drift(expected);
                drift.forEach(problem -> System.err.println("    drift: " + problem));
                System.out.printf("    ok %d topics as in the catalog (%d changed)%n", expected.size(), changes.size());
                return drift.isEmpty() ? 0 : 2;
            }
        }
    }

    @Command(name = "check-topics", description = "Exits 2 and lists differences when the broker and the catalog disagree.")
    static final class CheckTopics implements Callable<Integer> {
        @Option(names = "--bootstrap", required = true)
        String bootstrap;
        @Parameters(index = "0")
        Path catalog;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = admin(bootstrap)) {
                List<String> drift = new TopicProvisioner(admin).drift(TopicCatalog.load(catalog).expectedTopics());
                drift.forEach(System.out::println);
                return drift.isEmpty() ? 0 : 2;
            }
        }
    }

    @Command(name = "render-strimzi-topics", description = "Writes Strimzi KafkaTopic resources for the catalog.")
    static final class RenderStrimziTopics implements Callable<Integer> {
        @Option(names = "--cluster", defaultValue = "omniretail")
        String cluster;
        @Option(names = "--output", required = true)
        Path output;
        @Parameters(index = "0")
        Path catalog;

        @Override
        public Integer call() throws Exception {
            Files.writeString(output, StrimziTopicRenderer.render(TopicCatalog.load(catalog), cluster));
            return 0;
        }
    }

    @Command(name = "render-topic-diagram", description = "Rewrites the topic diagram of a README from the catalog.")
    static final class RenderTopicDiagram implements Callable<Integer> {
        @Option(names = "--readme", required = true)
        Path readme;
        @Parameters(index = "0")
        Path catalog;

        @Override
        public Integer call() throws Exception {
            Files.writeString(readme, TopicDiagramRenderer.replaceIn(Files.readString(readme), TopicCatalog.load(catalog)));
            return 0;
        }
    }
}
