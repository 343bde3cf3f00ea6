package io.omniretail.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SchemaCompatibilityGateTest {

    private static final Path FIXTURES = Path.of("src/test/resources/compat");

    @Test
    void currentSchemasCanReadEverythingWrittenWithTheReleasedOnes() {
        assertThat(SchemaCompatibilityGate.violations(Path.of("released"), Path.of("src/main/avro"))).isEmpty();
    }

    @Test
    void gateRejectsANewRequiredFieldWithoutDefault() {
        assertThat(SchemaCompatibilityGate.violations(FIXTURES.resolve("released"), FIXTURES.resolve("breaking")))
                .singleElement().asString()
                .contains("io.omniretail.events.fixture.Order")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void gateAcceptsAnOptionalFieldAndANewEnumSymbolWithDefault() {
        assertThat(SchemaCompatibilityGate.violations(FIXTURES.resolve("released"), FIXTURES.resolve("evolved"))).isEmpty();
    }

    @Test
    void gateRejectsARemovedSchema() {
        assertThat(SchemaCompatibilityGate.violations(FIXTURES.resolve("evolved"), FIXTURES.resolve("released")))
                .anySatisfy(v -> assertThat(v).contains("OrderChannel"));
    }
}
