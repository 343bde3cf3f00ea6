package io.omniretail.customer.prediction;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma model of monetary value (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013, "The
 * Gamma-Gamma Model of Monetary Value"): a customer's order values are gamma(p, nu) around their own mean, and nu is
 * gamma(q, gamma) across customers. Fitted on customers with at least one repeat purchase, by their number x of repeat
 * purchases and the mean value m of those, with the same Nelder-Mead simplex over the parameters' logarithms as
 * {@link BgNbd}. Pure and deterministic. The model assumes spend independent of frequency; the fit does not check it.
 */
public final class GammaGamma {

    /** A customer's repeat purchases: how many, and their mean value (in the customer's spend currency). */
    public record Spend(int x, double meanValue) {
        public Spend {
            if (x < 1 || !(meanValue > 0)) {
                throw new IllegalArgumentException("need x >= 1 and a positive mean value, got " + x + ", " + meanValue);
            }
        }
    }

    public record Parameters(double p, double q, double gamma) {

        /** The mean order value across customers, p gamma / (q - 1); infinite when q <= 1. */
        public double populationMean() {
            return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
        }
    }

    public record Fit(Parameters parameters, double logLikelihood, int evaluations) {
    }

    private GammaGamma() {
    }

    /**
     * The log-likelihood of the customers' mean values (equation 3 of the 2013 note, summed). The log-gamma terms depend
     * on x alone, so they are computed once per distinct x.
     */
    public static double logLikelihood(Parameters model, List<Spend> spends) {
        double common = -Gamma.logGamma(model.q()) + model.q() * Math.log(model.gamma());
        double[] byX = new double[64];
        Arrays.fill(byX, Double.NaN);
        double sum = 0;
        for (Spend s : spends) {
            double px = model.p() * s.x();
            double terms;
            if (s.x() < byX.length) {
                if (Double.isNaN(byX[s.x()])) {
                    byX[s.x()] = Gamma.logGamma(px + model.q()) - Gamma.logGamma(px);
                }
                terms = byX[s.x()];
            } else {
                terms = Gamma.logGamma(px + model.q()) - Gamma.logGamma(px);
            }
            sum += common + terms + (px - 1) * Math.log(s.meanValue()) + px * Math.log(s.x())
                    - (px + model.q()) * Math.log(model.gamma() + s.x() * s.meanValue());
        }
        return sum;
    }

    public static Fit fit(List<Spend> spends) {
        MultivariateFunction objective = logs -> {
            double value = logLikelihood(new Parameters(Math.exp(logs[0]), Math.exp(logs[1]), Math.exp(logs[2])), spends);
            return Double.isFinite(value) ? value : -Double.MAX_VALUE;
        };
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-10, 1e-10);
        PointValuePair best = optimizer.optimize(new MaxEval(20_000), new ObjectiveFunction(objective), GoalType.MAXIMIZE,
                new InitialGuess(new double[] {0, 0, 0}), new NelderMeadSimplex(3, 0.5));
        double[] logs = best.getPoint();
        return new Fit(new Parameters(Math.exp(logs[0]), Math.exp(logs[1]), Math.exp(logs[2])), best.getValue(),
                optimizer.getEvaluations());
    }

    /**
     * The expected value of this customer's future orders (equation 5 of the 2013 note): a weighted mean of the
     * population mean and their own observed mean, the own mean weighing more the more repeat purchases there are. A
     * customer with no repeat purchase gets the population mean.
     */
    public static double expectedOrderValue(Parameters model, int x, double meanValue) {
        if (x < 1) {
            return model.populationMean();
        }
        double px = model.p() * x;
        return model.p() * (model.gamma() + x * meanValue) / (px + model.q() - 1);
    }

    /** The weight of the customer's own mean in {@link #expectedOrderValue} (0 with no repeat purchase): the explanation. */
    public static double ownMeanWeight(Parameters model, int x) {
        if (x < 1) {
            return 0;
        }
        double px = model.p() * x;
        return px / (px + model.q() - 1);
    }
}
