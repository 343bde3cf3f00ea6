package io.omniretail.customer.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.omniretail.customer.prediction.GammaGamma.Fit;
import io.omniretail.customer.prediction.GammaGamma.Parameters;
import io.omniretail.customer.prediction.GammaGamma.Spend;

/**
 * Gamma-Gamma against the papers' CDNOW estimates: fitted on the 946 customers with a repeat purchase in the 39-week
 * calibration and the mean value of those purchases, Fader, Hardie & Lee (2005) and Fader & Hardie (2013) report
 * p = 6.25, q = 3.74, gamma = 15.44.
 */
class GammaGammaTest {

    static final List<Spend> CDNOW = Cdnow.spends();

    @Test
    void theSampleHasThePapersRepeatBuyers() {
        assertThat(CDNOW).hasSize(946);
    }

    @Test
    void theFitReproducesThePapersEstimatesWithinOnePercent() {
        Fit fit = GammaGamma.fit(CDNOW);
        Parameters p = fit.parameters();
        System.out.printf("Gamma-Gamma on CDNOW: p %.4f, q %.4f, gamma %.4f, LL %.2f%n", p.p(), p.q(), p.gamma(), fit.logLikelihood());
        assertThat(p.p()).isCloseTo(6.25, within(0.0625));
        assertThat(p.q()).isCloseTo(3.74, within(0.0374));
        assertThat(p.gamma()).isCloseTo(15.44, within(0.1544));
        assertThat(fit.logLikelihood()).as("the optimum beats the papers' rounded values")
                .isGreaterThanOrEqualTo(GammaGamma.logLikelihood(new Parameters(6.25, 3.74, 15.44), CDNOW));
    }

    @Test
    void theExpectedOrderValueShrinksTheCustomersOwnMeanTowardsThePopulationsByHowMuchTheyBought() {
        Parameters p = new Parameters(6.25, 3.74, 15.44);
        assertThat(p.populationMean()).isCloseTo(6.25 * 15.44 / 2.74, within(1e-9));
        double once = GammaGamma.expectedOrderValue(p, 1, 100);
        double tenTimes = GammaGamma.expectedOrderValue(p, 10, 100);
        assertThat(once).isBetween(p.populationMean(), 100.0);
        assertThat(tenTimes).isBetween(once, 100.0);
        assertThat(GammaGamma.expectedOrderValue(p, 0, 0)).as("no repeat purchase: the population's mean").isEqualTo(p.populationMean());
        double weight = GammaGamma.ownMeanWeight(p, 10);
        assertThat(tenTimes).isCloseTo(weight * 100 + (1 - weight) * p.populationMean(), within(1e-9));
    }

    @Test
    void theMeanOfAFewCheapOrdersIsRaisedTowardsThePopulations() {
        Parameters p = new Parameters(6.25, 3.74, 15.44);
        assertThat(GammaGamma.expectedOrderValue(p, 2, 5)).isBetween(5.0, p.populationMean());
    }

    @Test
    void aCustomerWithoutARepeatPurchaseOrANonPositiveMeanIsNotASpend() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new Spend(0, 10));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new Spend(2, 0));
    }
}
