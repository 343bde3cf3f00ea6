package io.omniretail.orchestration.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ControlGroupTest {

    @Test
    void aCustomerIsAlwaysInOrAlwaysOutOfOneJourneysControlGroup() {
        IntStream.range(0, 200).mapToObj(i -> "customer-" + i).forEach(customer -> assertThat(
                ControlGroup.contains("salt", "win-back", customer, 10)).isEqualTo(ControlGroup.contains("salt", "win-back", customer, 10)));
    }

    @Test
    void theControlShareIsAboutTheShareAskedFor() {
        long inControl = IntStream.range(0, 20_000).filter(i -> ControlGroup.contains("salt", "win-back", "customer-" + i, 10)).count();
        assertThat(inControl).isBetween(1_800L, 2_200L);
        assertThat(IntStream.range(0, 1_000).filter(i -> ControlGroup.contains("salt", "win-back", "customer-" + i, 0)).count()).isZero();
    }

    @Test
    void journeysDrawTheirGroupsIndependently() {
        long both = IntStream.range(0, 20_000).filter(i -> ControlGroup.contains("salt", "win-back", "customer-" + i, 50)
                && ControlGroup.contains("salt", "birthday", "customer-" + i, 50)).count();
        assertThat(both).as("about a quarter in both halves").isBetween(4_500L, 5_500L);
    }

    @Test
    void anotherSaltDrawsAnotherGroup() {
        long same = IntStream.range(0, 1_000).filter(i -> ControlGroup.contains("a", "win-back", "customer-" + i, 50)
                == ControlGroup.contains("b", "win-back", "customer-" + i, 50)).count();
        assertThat(same).isBetween(400L, 600L);
    }
}
