package io.omniretail.customer.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.omniretail.customer.prediction.CheckoutAbandonment.AbandonmentModel;
import io.omniretail.customer.prediction.CheckoutAbandonment.Checkout;

/** The abandonment model's examples, fit, held-out evaluation and explanations, on checkouts drawn with known habits. */
class CheckoutAbandonmentTest {

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    /**
     * Shoppers who usually complete come back within minutes; the others mostly leave. The longer a checkout has been
     * idle, the less likely it completes: completion times are exponential with a mean of 40 minutes.
     */
    static List<Checkout> drawn(int n, long seed) {
        Random random = new Random(seed);
        List<Checkout> checkouts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant started = NOW.minus(Duration.ofDays(60)).plusSeconds(i * 3_000L);
            int earlier = random.nextInt(6);
            boolean loyal = random.nextDouble() < 0.5;
            int earlierCompleted = loyal ? earlier : random.nextInt(earlier + 1) / 3;
            boolean completes = random.nextDouble() < (loyal ? 0.8 : 0.25);
            Instant lastActivity = started.plusSeconds(random.nextInt(600));
            Instant completed = completes ? lastActivity.plusSeconds((long) (-Math.log(1 - random.nextDouble()) * 2_400)) : null;
            String channel = List.of("ONLINE_SHOPIFY", "WEB", "APP").get(random.nextInt(3));
            checkouts.add(new Checkout("c" + i, started, lastActivity, completed, channel, 1_000 + random.nextInt(20_000), earlier,
                    earlierCompleted));
        }
        return checkouts;
    }

    @Test
    void aClosedCheckoutGivesAnExampleAtEachIdleAgeItWasStillOpen() {
        Instant last = NOW.minus(Duration.ofDays(10));
        Checkout abandoned = new Checkout("a", last, last, null, "WEB", 5_000, 0, 0);
        assertThat(CheckoutAbandonment.examples(abandoned)).hasSize(5).allMatch(LogisticRegression.Example::outcome);
        Checkout completedAfter30Minutes = new Checkout("b", last, last, last.plus(Duration.ofMinutes(30)), "WEB", 5_000, 0, 0);
        assertThat(CheckoutAbandonment.examples(completedAfter30Minutes)).as("open at 0 and 15 minutes").hasSize(2)
                .noneMatch(LogisticRegression.Example::outcome);
        assertThat(CheckoutAbandonment.closed(abandoned, NOW)).isTrue();
        assertThat(CheckoutAbandonment.closed(new Checkout("c", NOW, NOW.minus(Duration.ofDays(1)), null, "WEB", 1, 0, 0), NOW))
                .as("idle a day: still open").isFalse();
    }

    @Test
    void theRiskMovesAtTheIdleMilestonesOnly() {
        assertThat(CheckoutAbandonment.milestone(Duration.ofMinutes(10))).isEqualTo(0.0);
        assertThat(CheckoutAbandonment.milestone(Duration.ofMinutes(59))).isEqualTo(0.25);
        assertThat(CheckoutAbandonment.milestone(Duration.ofHours(3))).isEqualTo(1.0);
        assertThat(CheckoutAbandonment.milestone(Duration.ofDays(3))).isEqualTo(24.0);
    }

    @Test
    void theModelLearnsThatIdlenessAndAHistoryOfLeavingRaiseTheRiskAndRanksTheHeldOutFifthWell() {
        AbandonmentModel model = CheckoutAbandonment.fit(drawn(2_000, 5));
        assertThat(model.evaluation().auc()).isGreaterThan(0.75);
        assertThat(model.evaluation().brier()).isLessThan(0.2);
        assertThat(model.evaluation().heldOutExamples()).isPositive();
        assertThat(model.regression().slopes().get(0)).as("idle hours").isPositive();
        assertThat(model.regression().slopes().get(1)).as("completion rate").isNegative();

        Instant last = NOW.minus(Duration.ofMinutes(5));
        Checkout loyal = new Checkout("x", last, last, null, "APP", 8_000, 5, 5);
        Checkout leaver = new Checkout("y", last, last, null, "APP", 8_000, 5, 0);
        assertThat(CheckoutAbandonment.risk(model, leaver, NOW).probability())
                .isGreaterThan(CheckoutAbandonment.risk(model, loyal, NOW).probability());
        assertThat(CheckoutAbandonment.risk(model, loyal, NOW.plus(Duration.ofHours(5))).probability())
                .as("the same checkout, idle five hours").isGreaterThan(CheckoutAbandonment.risk(model, loyal, NOW).probability());
    }

    @Test
    void theExplanationPutsTheInputThatMovedTheRiskMostFirst() {
        AbandonmentModel model = CheckoutAbandonment.fit(drawn(2_000, 5));
        Instant last = NOW.minus(Duration.ofMinutes(5));
        CheckoutAbandonment.Risk risk = CheckoutAbandonment.risk(model, new Checkout("y", last, last, null, "APP", 8_000, 5, 0),
                NOW.plus(Duration.ofHours(30)));
        assertThat(risk.idleHours()).isEqualTo(24.0);
        assertThat(risk.drivers()).hasSize(CheckoutAbandonment.INPUTS.size());
        assertThat(risk.drivers().get(0).input()).isIn("idleHours", "completionRate");
        assertThat(risk.drivers().get(0).logOddsContribution()).isPositive();
    }
}
