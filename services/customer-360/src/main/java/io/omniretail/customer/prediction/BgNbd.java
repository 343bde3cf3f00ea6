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
 * The BG/NBD customer-base model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while alive, a
 * customer buys as a Poisson process whose rate is gamma(r, alpha) across customers; after each purchase they drop out
 * with a probability that is beta(a, b) across customers. Fitted by maximum likelihood on each customer's repeat
 * purchases x, the time of the last t_x and the time observed T (all in one unit, e.g. weeks), with Commons Math's
 * Nelder-Mead simplex over the logarithms of the parameters (so they stay positive). Pure and deterministic.
 */
public final class BgNbd {

    /** One customer's history over the calibration period: repeat purchases, time of the last, time observed. */
    public record History(int x, double tx, double T) {
        public History {
            if (x < 0 || tx < 0 || T < tx) {
                throw new IllegalArgumentException("need x >= 0 and 0 <= t_x <= T, got " + x + ", " + tx + ", " + T);
            }
        }
    }

    public record Parameters(double r, double alpha, double a, double b) {
    }

    /** The maximum-likelihood parameters and the log-likelihood they reach. */
    public record Fit(Parameters parameters, double logLikelihood, int evaluations) {
    }

    private BgNbd() {
    }

    /**
     * The log-likelihood of the histories under the parameters (equation 6 of the paper, summed). The log-gamma terms
     * depend on x alone, so they are computed once per distinct x: most of the base has a handful of repeat purchases.
     */
    public static double logLikelihood(Parameters p, List<History> histories) {
        double sum = 0;
        double common = Gamma.logGamma(p.a() + p.b()) - Gamma.logGamma(p.b()) - Gamma.logGamma(p.r()) + p.r() * Math.log(p.alpha());
        double[] byX = new double[64];
        Arrays.fill(byX, Double.NaN);
        for (History h : histories) {
            double a1;
            if (h.x() < byX.length) {
                if (Double.isNaN(byX[h.x()])) {
                    byX[h.x()] = logGammaTerms(p, h.x());
                }
                a1 = byX[h.x()];
            } else {
                a1 = logGammaTerms(p, h.x());
            }
            double a3 = -(p.r() + h.x()) * Math.log(p.alpha() + h.T());
            double term = a3;
            if (h.x() > 0) {
                double a4 = Math.log(p.a()) - Math.log(p.b() + h.x() - 1) - (p.r() + h.x()) * Math.log(p.alpha() + h.tx());
                double max = Math.max(a3, a4);
                term = max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
            }
            sum += common + a1 + term;
        }
        return sum;
    }

    private static double logGammaTerms(Parameters p, int x) {
        return Gamma.logGamma(p.r() + x) + Gamma.logGamma(p.b() + x) - Gamma.logGamma(p.a() + p.b() + x);
    }

    /** The maximum-likelihood fit, from a neutral start (all parameters 1). */
    public static Fit fit(List<History> histories) {
        MultivariateFunction objective = logs -> {
            Parameters p = new Parameters(Math.exp(logs[0]), Math.exp(logs[1]), Math.exp(logs[2]), Math.exp(logs[3]));
            double value = logLikelihood(p, histories);
            return Double.isFinite(value) ? value : -Double.MAX_VALUE;
        };
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-10, 1e-10);
        PointValuePair best = optimizer.optimize(new MaxEval(20_000), new ObjectiveFunction(objective), GoalType.MAXIMIZE,
                new InitialGuess(new double[] {0, 0, 0, 0}), new NelderMeadSimplex(4, 0.5));
        double[] logs = best.getPoint();
        return new Fit(new Parameters(Math.exp(logs[0]), Math.exp(logs[1]), Math.exp(logs[2]), Math.exp(logs[3])),
                best.getValue(), optimizer.getEvaluations());
    }

    /**
     * The purchases a customer with this history is expected to make in the next {@code t} time units (equation 10 of
     * the paper): what the 30- and 90-day forecasts of the traits are.
     */
    public static double expectedPurchases(Parameters p, History h, double t) {
        if (t <= 0) {
            return 0;
        }
        double r = p.r() + h.x();
        double scale = Math.exp(r * (Math.log(p.alpha() + h.T()) - Math.log(p.alpha() + h.T() + t)));
        double hyper = hypergeometric2F1(r, p.b() + h.x(), p.a() + p.b() + h.x() - 1, t / (p.alpha() + h.T() + t));
        double numerator = (p.a() + p.b() + h.x() - 1) / (p.a() - 1) * (1 - scale * hyper);
        double denominator = h.x() == 0 ? 1
                : 1 + p.a() / (p.b() + h.x() - 1) * Math.exp(r * (Math.log(p.alpha() + h.T()) - Math.log(p.alpha() + h.tx())));
        return numerator / denominator;
    }

    /**
     * Gauss's hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, by its power series (Commons Math has none). Here
     * z = t / (alpha + T + t) stays below 1 and the terms shrink geometrically; summed until a term no longer moves the
     * total.
     */
    static double hypergeometric2F1(double a, double b, double c, double z) {
        if (z < 0 || z >= 1) {
            throw new IllegalArgumentException("the series needs 0 <= z < 1, got " + z);
        }
        double term = 1;
        double sum = 1;
        for (int j = 0; j < 100_000; j++) {
            term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
            sum += term;
            if (Math.abs(term) < 1e-15 * Math.abs(sum)) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }

    /** The probability that a customer with this history is still alive at T (equation 11); churn risk is 1 minus it. */
    public static double probabilityAlive(Parameters p, History h) {
        if (h.x() == 0) {
            return 1.0;
        }
        double ratio = Math.exp((p.r() + h.x()) * (Math.log(p.alpha() + h.T()) - Math.log(p.alpha() + h.tx())));
        return 1.0 / (1.0 + p.a() / (p.b() + h.x() - 1) * ratio);
    }
}
