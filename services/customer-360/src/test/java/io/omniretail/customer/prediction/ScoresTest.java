package io.omniretail.customer.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.omniretail.customer.prediction.PurchaseHistory.Purchase;

/** A customer's scores from a fitted model, their rounding, the value deciles and the explanation of each score. */
class ScoresTest {

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    /** The CDNOW estimates in days. */
    static final CustomerBaseModel MODEL = new CustomerBaseModel(new BgNbd.Parameters(0.243, 4.414 * 7, 0.793, 2.426),
            new GammaGamma.Parameters(6.25, 3.74, 15.44), 12, 0.01, List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0));

    static PurchaseHistory bought(int... daysAgo) {
        return PurchaseHistory.of(IntStream.of(daysAgo).mapToObj(d -> new Purchase(NOW.minusSeconds(d * 86_400L), 40.0)).toList());
    }

    @Test
    void aRegularWhoStoppedLongAgoIsAtRiskAndOneWhoBoughtLatelyIsNot() {
        Scores lapsed = Scores.of(MODEL, bought(400, 380, 360, 340), NOW);
        Scores active = Scores.of(MODEL, bought(60, 40, 20, 2), NOW);
        assertThat(lapsed.churnRisk()).isGreaterThan(0.7);
        assertThat(active.churnRisk()).isLessThan(0.3);
        assertThat(active.expectedPurchases90Days()).isGreaterThan(lapsed.expectedPurchases90Days());
        assertThat(active.lifetimeValue()).isGreaterThan(lapsed.lifetimeValue());
        assertThat(active.expectedPurchases90Days()).isGreaterThanOrEqualTo(active.expectedPurchases30Days());
    }

    @Test
    void scoresAreRoundedAsPublishedSoThatTheSameHistoryScoresTheSame() {
        Scores s = Scores.of(MODEL, bought(100, 50, 10), NOW);
        assertThat(BigDecimal.valueOf(s.churnRisk()).scale()).isLessThanOrEqualTo(2);
        assertThat(s.expectedOrderValue().scale()).isEqualTo(2);
        assertThat(Scores.of(MODEL, bought(100, 50, 10), NOW)).isEqualTo(s);
    }

    @Test
    void withoutAGammaGammaFitTheOwnMeanIsTheOrderValueAndAOneTimeBuyerHasNoValue() {
        CustomerBaseModel frequencyOnly = new CustomerBaseModel(MODEL.bgNbd(), null, 12, 0.01, MODEL.valueDecileCuts());
        assertThat(Scores.of(frequencyOnly, bought(100, 50), NOW).expectedOrderValue()).isEqualByComparingTo("40.00");
        Scores once = Scores.of(frequencyOnly, bought(100), NOW);
        assertThat(once.expectedOrderValue()).isNull();
        assertThat(once.lifetimeValue()).isNull();
        assertThat(once.valueDecile()).isNull();
        assertThat(Scores.of(MODEL, bought(100), NOW).expectedOrderValue()).as("with the model: the base's mean")
                .isEqualByComparingTo(BigDecimal.valueOf(MODEL.gammaGamma().populationMean()).setScale(2, java.math.RoundingMode.HALF_EVEN));
    }

    @Test
    void decilesCutTheBaseInTenthsAndTheTopTenthIsTen() {
        CustomerBaseModel model = MODEL.withDecilesOf(IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList());
        assertThat(model.valueDecileCuts()).containsExactly(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0);
        assertThat(model.valueDecile(100)).isEqualTo(10);
        assertThat(model.valueDecile(91)).isEqualTo(10);
        assertThat(model.valueDecile(90)).isEqualTo(9);
        assertThat(model.valueDecile(1)).isEqualTo(1);
        assertThat(MODEL.withDecilesOf(List.of())).isEqualTo(MODEL);
    }

    @Test
    void theExplanationNamesRecencyAsTheDriverOfALapsedRegularsRisk() {
        Scores.Explanation why = Scores.explain(MODEL, bought(400, 380, 360, 340), NOW);
        assertThat(why.repeatPurchases()).isEqualTo(3);
        assertThat(why.daysSinceLastPurchase()).isEqualTo(340.0);
        Scores.Driver churn = why.drivers().stream().filter(d -> d.score().equals("churnRisk")).findFirst().orElseThrow();
        assertThat(churn.input()).isEqualTo("daysSinceLastPurchase");
        assertThat(churn.scoreValue()).isGreaterThan(0.7);
        assertThat(churn.baseline()).as("the same customer had they bought today").isLessThan(0.2);
        assertThat(churn.explanation()).contains("340 days ago");
        assertThat(why.drivers()).extracting(Scores.Driver::score)
                .containsExactly("churnRisk", "expectedPurchases90Days", "expectedOrderValue", "lifetimeValue");
    }

    @Test
    void aOneTimeBuyersExplanationSaysWhyTheirRiskIsZero() {
        Scores.Explanation why = Scores.explain(MODEL, bought(300), NOW);
        assertThat(why.probabilityAlive()).isEqualTo(1.0);
        assertThat(why.drivers().get(0).explanation()).contains("No repeat purchase");
    }
}
