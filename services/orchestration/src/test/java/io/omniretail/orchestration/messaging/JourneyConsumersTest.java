package io.omniretail.orchestration.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.omniretail.orchestration.definition.EventStream;

/** Dry runs read the channels' topics (RecordedHistory): a stream a definition may name without one would be silently empty. */
class JourneyConsumersTest {

    @Test
    void everyStreamADefinitionMayNameHasItsChannel() {
        assertThat(JourneyConsumers.CHANNELS).containsOnlyKeys(EventStream.values());
        assertThat(JourneyConsumers.CHANNELS.values()).doesNotHaveDuplicates().doesNotContain(JourneyConsumers.PROFILES);
    }
}
