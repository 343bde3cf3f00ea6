package io.omniretail.customer.prediction;

import java.util.ArrayList;
import java.util.List;

/**
 * What a fit of the customer base found, as scoring needs it: BG/NBD in days, Gamma-Gamma (null when too few repeat
 * buyers had a valued purchase to fit it), the lifetime-value horizon and discount it was scored with, and the nine
 * cut points of lifetime value between its deciles across the base. Stored as JSON on the fit.
 */
public record CustomerBaseModel(BgNbd.Parameters bgNbd, GammaGamma.Parameters gammaGamma, int clvMonths, double monthlyDiscount,
        List<Double> valueDecileCuts) {

    /** The decile (1 to 10, 10 the most valuable) of a lifetime value among the base the model was fitted on. */
    public int valueDecile(double lifetimeValue) {
        int below = 0;
        for (double cut : valueDecileCuts) {
            if (lifetimeValue > cut) {
                below++;
            }
        }
        return 1 + below;
    }

    /** The same model with the deciles' cut points of these lifetime values (any order). */
    public CustomerBaseModel withDecilesOf(List<Double> lifetimeValues) {
        List<Double> sorted = lifetimeValues.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return this;
        }
        List<Double> cuts = new ArrayList<>();
        for (int d = 1; d < 10; d++) {
            cuts.add(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(d * sorted.size() / 10.0) - 1)));
        }
        return new CustomerBaseModel(bgNbd, gammaGamma, clvMonths, monthlyDiscount, List.copyOf(cuts));
    }
}
