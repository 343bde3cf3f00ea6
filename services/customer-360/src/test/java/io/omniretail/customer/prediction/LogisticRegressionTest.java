package io.omniretail.customer.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.omniretail.customer.prediction.LogisticRegression.Example;
import io.omniretail.customer.prediction.LogisticRegression.Model;

/** Newton's method recovers the coefficients data was drawn with; AUC and Brier as their definitions say. */
class LogisticRegressionTest {

    static final Model TRUE = new Model(-0.5, List.of(1.2, -2.0, 0.7), 0);

    static List<Example> draw(int n, long seed) {
        Random random = new Random(seed);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = {random.nextGaussian(), random.nextDouble(), random.nextInt(2)};
            examples.add(new Example(x, random.nextDouble() < TRUE.probability(x)));
        }
        return examples;
    }

    @Test
    void theFitRecoversTheCoefficientsTheDataWasDrawnWith() {
        Model fitted = LogisticRegression.fit(draw(20_000, 7), 0.1);
        assertThat(fitted.intercept()).isCloseTo(-0.5, within(0.1));
        assertThat(fitted.slopes().get(0)).isCloseTo(1.2, within(0.1));
        assertThat(fitted.slopes().get(1)).isCloseTo(-2.0, within(0.15));
        assertThat(fitted.slopes().get(2)).isCloseTo(0.7, within(0.1));
        assertThat(fitted.iterations()).isLessThan(20);
    }

    @Test
    void separableDataStillGivesFiniteCoefficients() {
        List<Example> separable = List.of(new Example(new double[] {-1}, false), new Example(new double[] {-2}, false),
                new Example(new double[] {1}, true), new Example(new double[] {2}, true));
        Model fitted = LogisticRegression.fit(separable, 0.1);
        assertThat(fitted.slopes().get(0)).isPositive().isFinite();
        assertThat(fitted.probability(new double[] {2})).isGreaterThan(0.9);
    }

    @Test
    void aucIsTheShareOfPositiveNegativePairsRankedRightWithTiesCountingHalf() {
        List<Example> sample = draw(300, 11);
        double[] scores = sample.stream().mapToDouble(e -> Math.round(TRUE.probability(e.x()) * 10) / 10.0).toArray();
        boolean[] outcomes = new boolean[sample.size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = sample.get(i).outcome();
        }
        double pairs = 0;
        double right = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (outcomes[i] && !outcomes[j]) {
                    pairs++;
                    right += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(LogisticRegression.auc(scores, outcomes)).isCloseTo(right / pairs, within(1e-12));
        assertThat(LogisticRegression.auc(new double[] {0.1, 0.2}, new boolean[] {true, true})).isNull();
    }

    @Test
    void theModelRanksHeldOutDataAsWellAsTheTruthAndBrierIsZeroOnlyWhenCertainAndRight() {
        Model fitted = LogisticRegression.fit(draw(5_000, 3), 0.1);
        List<Example> heldOut = draw(5_000, 4);
        boolean[] outcomes = new boolean[heldOut.size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = heldOut.get(i).outcome();
        }
        double fittedAuc = LogisticRegression.auc(heldOut.stream().mapToDouble(e -> fitted.probability(e.x())).toArray(), outcomes);
        double trueAuc = LogisticRegression.auc(heldOut.stream().mapToDouble(e -> TRUE.probability(e.x())).toArray(), outcomes);
        assertThat(fittedAuc).isGreaterThan(0.7).isCloseTo(trueAuc, within(0.01));
        assertThat(LogisticRegression.brier(new double[] {1, 0}, new boolean[] {true, false})).isZero();
        assertThat(LogisticRegression.brier(new double[] {0.5, 0.5}, new boolean[] {true, false})).isEqualTo(0.25);
    }
}
