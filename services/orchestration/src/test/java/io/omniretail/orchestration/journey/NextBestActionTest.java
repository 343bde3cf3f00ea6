package io.omniretail.orchestration.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.omniretail.orchestration.definition.DefinitionException;
import io.omniretail.orchestration.definition.JourneyDefinition;
import io.omniretail.orchestration.definition.JourneyDefinition.Choose;
import io.omniretail.orchestration.definition.JourneyDefinitionReader;
import io.omniretail.orchestration.journey.JourneySemantics.Choice;
import io.omniretail.orchestration.journey.JourneySemantics.Usage;

/** The choose step (next best action): reading it, picking the best option within caps and budgets, and the uplift. */
class NextBestActionTest {

    static final String JOURNEY = """
            id: nba
            version: 1
            trigger: {on: segment}
            steps:
              - id: best
                choose:
                  control: 10
                  options:
                    - id: associate-call
                      when: has(profile.traits.predictions) && profile.traits.predictions.clvDecile == 10
                      value: profile.traits.predictions.predictedClv.amount * 0.05
                      cost: 800
                      budget: {max: 5, per: P1D}
                      then: call
                    - id: coupon
                      value: profile.traits.predictions.predictedClv.amount * 0.03
                      cost: 300
                      cap: {max: 1, per: P30D}
                      then: coupon
                    - id: message
                      value: 60
                      cost: 5
                      then: message
                  otherwise: end
              - id: call
                escalate: {queue: "'care-desk'", priority: NORMAL, summary: "'call'"}
                next: end
              - id: coupon
                offer: {campaign: win-back-15, reason: next best action}
                next: end
              - id: message
                notify: {template: winback-offer, purpose: MARKETING}
            """;

    static final Choose CHOOSE = (Choose) JourneyDefinitionReader.read("nba.yaml", JOURNEY).step("best").orElseThrow();

    static Map<String, Object> values(Integer decile, Double clv) {
        Map<String, Object> profile = clv == null ? Map.of()
                : Map.of("traits", Map.of("predictions", decile == null ? Map.of("predictedClv", Map.of("amount", clv))
                        : Map.of("clvDecile", (long) decile, "predictedClv", Map.of("amount", clv))));
        return Map.of("event", Map.of(), "trigger", Map.of(), "events", Map.of(), "profile", profile, "segments", List.of(),
                "now", Instant.parse("2026-12-01T00:00:00Z"));
    }

    static String picked(Map<String, Object> values, Usage usage) {
        return JourneySemantics.best(CHOOSE, values, usage).map(choice -> choice.option().id()).orElse("nothing");
    }

    @Test
    void theStepReadsWithItsOptionsLimitsAndTargets() {
        assertThat(CHOOSE.controlPercent()).isEqualTo(10);
        assertThat(CHOOSE.next()).isEqualTo(JourneyDefinition.END);
        assertThat(CHOOSE.options()).extracting(JourneyDefinition.Option::id).containsExactly("associate-call", "coupon", "message");
        assertThat(CHOOSE.options().get(0).budget()).contains(new JourneyDefinition.Limit(5, Duration.ofDays(1)));
        assertThat(CHOOSE.options().get(1).cap()).contains(new JourneyDefinition.Limit(1, Duration.ofDays(30)));
        assertThat(CHOOSE.options()).extracting(JourneyDefinition.Option::then).containsExactly("call", "coupon", "message");
    }

    @Test
    void theHighestNetValueWinsAmongTheOptionsWhoseConditionHolds() {
        // decile 10, CLV 40,000: call 2,000 - 800 = 1,200; coupon 1,200 - 300 = 900; message 55
        assertThat(picked(values(10, 40_000.0), Usage.NONE)).isEqualTo("associate-call");
        Optional<Choice> best = JourneySemantics.best(CHOOSE, values(10, 40_000.0), Usage.NONE);
        assertThat(best.get().net()).isCloseTo(1_200, within(1e-9));
        // decile 9: the call is not for them; the coupon is worth more than the message
        assertThat(picked(values(9, 40_000.0), Usage.NONE)).isEqualTo("coupon");
        // a small CLV: the coupon costs more than it brings (300 - 300), the message still pays
        assertThat(picked(values(3, 10_000.0), Usage.NONE)).isEqualTo("message");
    }

    @Test
    void aCapOrABudgetUsedUpPassesToTheNextBestOption() {
        assertThat(picked(values(10, 40_000.0), new Usage(Map.of(), Map.of("associate-call", 5L)))).as("budget spent").isEqualTo("coupon");
        assertThat(picked(values(10, 40_000.0), new Usage(Map.of("coupon", 1L), Map.of("associate-call", 5L))))
                .as("and this customer had their coupon").isEqualTo("message");
        assertThat(picked(values(10, 40_000.0), new Usage(Map.of(), Map.of("associate-call", 4L)))).as("one call left")
                .isEqualTo("associate-call");
    }

    @Test
    void anOptionWhoseValueCannotBeComputedIsNotTakenAndNothingWorthTakingIsEmpty() {
        assertThat(picked(values(null, null), Usage.NONE)).as("no predictions: only the fixed-value message").isEqualTo("message");
        Choose onlyScored = new Choose("best", 0, CHOOSE.options().subList(0, 2), JourneyDefinition.END);
        assertThat(JourneySemantics.best(onlyScored, values(null, null), Usage.NONE)).isEmpty();
    }

    @Test
    void aChooseStepIsRefusedWithTwiceTheSameOptionATargetBackwardsOrAValueThatIsNotANumber() {
        String bad = """
                id: bad
                version: 1
                trigger: {on: segment}
                steps:
                  - id: first
                    wait: {for: PT1M}
                  - id: best
                    choose:
                      options:
                        - {id: a, value: "'much'", then: first}
                        - {id: a, value: "1", then: end}
                """;
        assertThatThrownBy(() -> JourneyDefinitionReader.read("bad.yaml", bad)).isInstanceOf(DefinitionException.class)
                .satisfies(e -> assertThat(((DefinitionException) e).problems()).extracting(p -> p.path())
                        .contains("$.steps[1].choose.options[0].value", "$.steps[1].choose.options[0].then", "$.steps[1].choose.options[1].id"));
    }

    @Test
    void upliftIsTheDifferenceOfConversionRatesWithItsInterval() {
        Uplift uplift = Uplift.of(900, 180, 100, 10);
        assertThat(uplift.treatedRate()).isCloseTo(0.20, within(1e-12));
        assertThat(uplift.controlRate()).isCloseTo(0.10, within(1e-12));
        assertThat(uplift.uplift()).isCloseTo(0.10, within(1e-12));
        double error = Math.sqrt(0.2 * 0.8 / 900 + 0.1 * 0.9 / 100);
        assertThat(uplift.low()).isCloseTo(0.10 - 1.959964 * error, within(1e-9));
        assertThat(uplift.high()).isCloseTo(0.10 + 1.959964 * error, within(1e-9));
        assertThat(Uplift.of(10, 1, 0, 0).uplift()).as("no control group yet").isNull();
        assertThat(Uplift.of(10, 1, 0, 0).treatedRate()).isCloseTo(0.1, within(1e-12));
    }
}
