package io.omniretail.orchestration.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The build's check of the built-in journeys: every definition file reads without a problem against the published
 * schema, its CEL compiles and its steps resolve (a bad one fails the build naming file, line and reason), and the
 * files are exactly those the service loads.
 */
class BuiltInJourneysTest {

    static final Path DIR = Path.of("src/main/resources/journeys/built-in");

    @Test
    void everyBuiltInDefinitionFileIsValid() throws IOException {
        for (Path file : files()) {
            try {
                JourneyDefinition definition = JourneyDefinitionReader.read(file.toString(), Files.readString(file));
                assertThat(file.getFileName().toString()).as("a file is named after its journey").isEqualTo(definition.id() + ".yaml");
            } catch (DefinitionException e) {
                fail("invalid built-in journey:\n" + e.getMessage());
            }
        }
    }

    @Test
    void theServiceLoadsExactlyTheBuiltInFiles() throws IOException {
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        List<String> listed = Arrays.stream(config.getProperty("omniretail.journeys.built-in").split(",")).map(String::trim).sorted().toList();
        assertThat(files().stream().map(file -> file.getFileName().toString().replace(".yaml", "")).sorted().toList()).isEqualTo(listed);
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
