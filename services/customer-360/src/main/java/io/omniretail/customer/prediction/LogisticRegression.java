package io.omniretail.customer.prediction;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Logistic regression fitted by Newton's method (iteratively reweighted least squares) with Commons Math's LU solver,
 * with a small ridge penalty on the slopes so that separable data still gives finite coefficients; and the measures
 * its held-out evaluation reports (ROC AUC, Brier score). Pure and deterministic.
 */
public final class LogisticRegression {

    /** One example: its inputs (without the intercept) and whether the outcome happened. */
    public record Example(double[] x, boolean outcome) {
    }

    /** The fitted coefficients: {@code intercept} and one slope per input. */
    public record Model(double intercept, List<Double> slopes, int iterations) {

        public double logOdds(double[] x) {
            double z = intercept;
            for (int i = 0; i < x.length; i++) {
                z += slopes.get(i) * x[i];
            }
            return z;
        }

        public double probability(double[] x) {
            return 1 / (1 + Math.exp(-logOdds(x)));
        }
    }

    private LogisticRegression() {
    }

    /** The maximum penalised-likelihood coefficients: Newton steps until none moves a coefficient by 1e-9 (at most 100). */
    public static Model fit(List<Example> examples, double ridge) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to fit");
        }
        int k = examples.get(0).x().length + 1;
        double[] beta = new double[k];
        int iteration = 0;
        while (iteration++ < 100) {
            RealMatrix hessian = new Array2DRowRealMatrix(k, k);
            RealVector gradient = new ArrayRealVector(k);
            for (Example e : examples) {
                double[] row = withIntercept(e.x());
                double p = sigmoid(dot(beta, row));
                double w = Math.max(p * (1 - p), 1e-12);
                double residual = (e.outcome() ? 1 : 0) - p;
                for (int i = 0; i < k; i++) {
                    gradient.addToEntry(i, residual * row[i]);
                    for (int j = 0; j < k; j++) {
                        hessian.addToEntry(i, j, w * row[i] * row[j]);
                    }
                }
            }
            for (int i = 1; i < k; i++) {
                hessian.addToEntry(i, i, ridge);
                gradient.addToEntry(i, -ridge * beta[i]);
            }
            RealVector step = new LUDecomposition(hessian).getSolver().solve(gradient);
            double largest = 0;
            for (int i = 0; i < k; i++) {
                beta[i] += step.getEntry(i);
                largest = Math.max(largest, Math.abs(step.getEntry(i)));
            }
            if (largest < 1e-9) {
                break;
            }
        }
        List<Double> slopes = new ArrayList<>();
        for (int i = 1; i < k; i++) {
            slopes.add(beta[i]);
        }
        return new Model(beta[0], List.copyOf(slopes), iteration);
    }

    /**
     * The area under the ROC curve of the scores for the outcomes (the probability that a random positive scores above a
     * random negative, ties counting half), by the Mann-Whitney rank sum; null without both outcomes.
     */
    public static Double auc(double[] scores, boolean[] outcomes) {
        long positives = 0;
        for (boolean outcome : outcomes) {
            positives += outcome ? 1 : 0;
        }
        long negatives = outcomes.length - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(scores);
        double rankSum = 0;
        for (int i = 0; i < ranks.length; i++) {
            rankSum += outcomes[i] ? ranks[i] : 0;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** The mean squared difference between the predicted probabilities and the outcomes (0 is perfect). */
    public static double brier(double[] probabilities, boolean[] outcomes) {
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double error = probabilities[i] - (outcomes[i] ? 1 : 0);
            sum += error * error;
        }
        return sum / probabilities.length;
    }

    private static double[] withIntercept(double[] x) {
        double[] row = new double[x.length + 1];
        row[0] = 1;
        System.arraycopy(x, 0, row, 1, x.length);
        return row;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
