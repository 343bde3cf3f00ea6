package io.omniretail.orchestration.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.omniretail.orchestration.definition.StoredDefinition.Origin;

/** A built-in file edited without a new version is found, so the service can say that the stored one keeps running. */
class JourneyCatalogTest {

    @Test
    void aBuiltInEditedWithoutANewVersionIsFoundAndAnAddedVersionIsNot() {
        JourneyDefinition welcome = JourneyCatalog.readBuiltIn("welcome");
        StoredDefinition same = stored("welcome", welcome.version(), Origin.BUILT_IN, welcome.source());
        StoredDefinition edited = stored("welcome", welcome.version(), Origin.BUILT_IN, welcome.source() + "\n# edited\n");
        StoredDefinition viaApi = stored("welcome", welcome.version() + 1, Origin.API, "id: welcome\n");

        assertThat(JourneyCatalog.editedBuiltIns(List.of(welcome), List.of(same, viaApi))).isEmpty();
        assertThat(JourneyCatalog.editedBuiltIns(List.of(welcome), List.of(edited, viaApi))).containsExactly("welcome@" + welcome.version());
    }

    private static StoredDefinition stored(String journeyId, int version, Origin origin, String source) {
        StoredDefinition stored = new StoredDefinition();
        stored.key = new StoredDefinition.Key(journeyId, version);
        stored.origin = origin;
        stored.source = source;
        return stored;
    }
}
