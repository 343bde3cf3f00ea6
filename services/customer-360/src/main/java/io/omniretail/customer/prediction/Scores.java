package io.omniretail.customer.prediction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A customer's predictions from the fitted models and their purchase history, and what drove each (ADR 0027): churn
 * risk = 1 - P(alive) and expected purchases (BG/NBD), expected order value (Gamma-Gamma) and lifetime value over the
 * model's horizon with its decile in the base. Rounded as published (risk and purchases to 0.01, money to 0.01), so a
 * customer's profile changes only when a rounded score does. Pure.
 */
public record Scores(double churnRisk, double expectedPurchases30Days, double expectedPurchases90Days, BigDecimal expectedOrderValue,
        BigDecimal lifetimeValue, Integer valueDecile) {

    /** One input and what it did to a score: the score as it is, and as it would be without this input's effect. */
    public record Driver(String score, String input, double inputValue, double scoreValue, double baseline, String explanation) {
    }

    /** The model's inputs for this customer and the drivers of each score. */
    public record Explanation(int repeatPurchases, double daysSinceFirstPurchase, double daysSinceLastPurchase, Double meanRepeatValue,
            double probabilityAlive, List<Driver> drivers) {
    }

    public static Scores of(CustomerBaseModel model, PurchaseHistory purchases, Instant now) {
        BgNbd.History h = purchases.history(now);
        Double orderValue = expectedOrderValue(model, purchases);
        Double value = orderValue == null ? null
                : CustomerValue.lifetimeValue(model.bgNbd(), h, orderValue, model.clvMonths(), model.monthlyDiscount());
        return new Scores(round(1 - BgNbd.probabilityAlive(model.bgNbd(), h)), round(BgNbd.expectedPurchases(model.bgNbd(), h, 30)),
                round(BgNbd.expectedPurchases(model.bgNbd(), h, 90)), money(orderValue), money(value),
                value == null ? null : model.valueDecile(value));
    }

    /** Gamma-Gamma's expectation; without the model, the customer's own mean; without either, none. */
    static Double expectedOrderValue(CustomerBaseModel model, PurchaseHistory purchases) {
        GammaGamma.Spend spend = purchases.spend();
        if (model.gammaGamma() != null && Double.isFinite(model.gammaGamma().populationMean())) {
            return spend == null ? model.gammaGamma().populationMean()
                    : GammaGamma.expectedOrderValue(model.gammaGamma(), spend.x(), spend.meanValue());
        }
        return spend == null ? null : spend.meanValue();
    }

    /** Which inputs drove this customer's scores, each against a plain baseline, for associates and marketers. */
    public static Explanation explain(CustomerBaseModel model, PurchaseHistory purchases, Instant now) {
        BgNbd.History h = purchases.history(now);
        double alive = BgNbd.probabilityAlive(model.bgNbd(), h);
        double daysSinceLast = h.T() - h.tx();
        List<Driver> drivers = new ArrayList<>();
        if (h.x() == 0) {
            drivers.add(new Driver("churnRisk", "repeatPurchases", 0, 0, 0,
                    "No repeat purchase yet: BG/NBD has not seen this customer drop out, so churn risk is 0; the expected "
                            + "purchases tell how likely a second purchase is."));
        } else {
            double ifToday = 1 - BgNbd.probabilityAlive(model.bgNbd(), new BgNbd.History(h.x(), h.T(), h.T()));
            drivers.add(new Driver("churnRisk", "daysSinceLastPurchase", round(daysSinceLast), round(1 - alive), round(ifToday),
                    String.format(Locale.ROOT, "Last purchase %.0f days ago after %d repeat purchases: churn risk %.2f, "
                            + "%.2f had the last purchase been today.", daysSinceLast, h.x(), 1 - alive, ifToday)));
        }
        double in90 = BgNbd.expectedPurchases(model.bgNbd(), h, 90);
        double newcomer = BgNbd.expectedPurchases(model.bgNbd(), new BgNbd.History(0, 0, 0), 90);
        drivers.add(new Driver("expectedPurchases90Days", "repeatPurchases", h.x(), round(in90), round(newcomer),
                String.format(Locale.ROOT, "%d repeat purchases in %.0f days: %.2f purchases expected in the next 90 days, "
                        + "%.2f for a customer who just made a first purchase.", h.x(), h.T(), in90, newcomer)));
        GammaGamma.Spend spend = purchases.spend();
        if (model.gammaGamma() != null && Double.isFinite(model.gammaGamma().populationMean())) {
            double weight = spend == null ? 0 : GammaGamma.ownMeanWeight(model.gammaGamma(), spend.x());
            Double expected = expectedOrderValue(model, purchases);
            drivers.add(new Driver("expectedOrderValue", "meanRepeatValue", spend == null ? 0 : spend.meanValue(), expected,
                    model.gammaGamma().populationMean(), String.format(Locale.ROOT,
                            "The customer's own mean order value weighs %.0f%%, the base's mean (%.2f) the rest.", 100 * weight,
                            model.gammaGamma().populationMean())));
        }
        Scores scores = of(model, purchases, now);
        if (scores.lifetimeValue() != null) {
            drivers.add(new Driver("lifetimeValue", "expectedPurchases", round(BgNbd.expectedPurchases(model.bgNbd(), h,
                    model.clvMonths() * CustomerValue.MONTH_DAYS)), scores.lifetimeValue().doubleValue(), scores.valueDecile(),
                    String.format(Locale.ROOT, "Purchases expected over %d months times the expected order value, "
                            + "discounted %.1f%% a month: %.2f, decile %d of 10 in the base.", model.clvMonths(),
                            100 * model.monthlyDiscount(), scores.lifetimeValue(), scores.valueDecile())));
        }
        return new Explanation(h.x(), round(h.T()), round(daysSinceLast), purchases.meanRepeatValue(), round(alive), List.copyOf(drivers));
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static BigDecimal money(Double value) {
        return value == null || !Double.isFinite(value) ? null : BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }
}
