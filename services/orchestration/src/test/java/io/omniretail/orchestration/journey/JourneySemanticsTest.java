package io.omniretail.orchestration.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.omniretail.orchestration.definition.JourneyDefinition.Entry;
import io.omniretail.orchestration.definition.JourneyDefinition.OnePer;
import io.omniretail.orchestration.definition.JourneyDefinition.Reentry;
import io.omniretail.orchestration.journey.JourneyInstance.State;

/** The entry rules, and when the engine may skip reading earlier instances for them. */
class JourneySemanticsTest {

    static final Instant NOW = Instant.parse("2026-12-03T00:00:00Z");

    @Test
    void onlyAlwaysWithoutAOnePerRuleSkipsTheHistoryAndThenAdmitsWhateverCameBefore() {
        JourneyInstance running = instance(State.ACTIVE, "cart-1", NOW.minusSeconds(60));
        assertThat(JourneySemantics.entryReadsHistory(Entry.DEFAULT)).isFalse();
        assertThat(JourneySemantics.mayEnter(Entry.DEFAULT, List.of(running), Optional.empty(), NOW)).isTrue();

        assertThat(JourneySemantics.entryReadsHistory(new Entry(Reentry.NEVER, Optional.empty(), OnePer.NONE, Optional.empty()))).isTrue();
        assertThat(JourneySemantics.entryReadsHistory(new Entry(Reentry.ALWAYS, Optional.empty(), OnePer.CUSTOMER, Optional.empty()))).isTrue();
    }

    @Test
    void reentryAndOnePerRulesReadTheEarlierInstances() {
        JourneyInstance finished = instance(State.COMPLETED, "cart-1", NOW.minus(Duration.ofDays(2)));
        assertThat(JourneySemantics.mayEnter(new Entry(Reentry.NEVER, Optional.empty(), OnePer.NONE, Optional.empty()),
                List.of(finished), Optional.empty(), NOW)).isFalse();
        assertThat(JourneySemantics.mayEnter(new Entry(Reentry.COOLDOWN, Optional.of(Duration.ofDays(1)), OnePer.NONE, Optional.empty()),
                List.of(finished), Optional.empty(), NOW)).as("the cool-down is over").isTrue();
        assertThat(JourneySemantics.mayEnter(new Entry(Reentry.ALWAYS, Optional.empty(), OnePer.CUSTOMER, Optional.empty()),
                List.of(finished), Optional.empty(), NOW)).as("none running").isTrue();
        assertThat(JourneySemantics.mayEnter(new Entry(Reentry.ALWAYS, Optional.empty(), OnePer.OBJECT, Optional.empty()),
                List.of(finished), Optional.of("cart-1"), NOW)).as("that object had its instance").isFalse();
    }

    private static JourneyInstance instance(State state, String object, Instant enteredAt) {
        JourneyInstance instance = new JourneyInstance();
        instance.state = state;
        instance.objectKey = object;
        instance.enteredAt = enteredAt;
        instance.endedAt = state == State.ACTIVE ? null : enteredAt;
        return instance;
    }
}
