package io.omniretail.orchestration.journey;

/**
 * The uplift of a treatment over its control group: each group's goal conversion rate, their difference and its 95%
 * confidence interval by the normal approximation of the difference of two proportions (Wald). Rates are null for an
 * empty group, and the difference and interval whenever either rate is. Pure.
 */
public record Uplift(long treated, long treatedConverted, long control, long controlConverted, Double treatedRate,
        Double controlRate, Double uplift, Double low, Double high) {

    private static final double Z95 = 1.959964;

    public static Uplift of(long treated, long treatedConverted, long control, long controlConverted) {
        Double treatedRate = treated == 0 ? null : (double) treatedConverted / treated;
        Double controlRate = control == 0 ? null : (double) controlConverted / control;
        if (treatedRate == null || controlRate == null) {
            return new Uplift(treated, treatedConverted, control, controlConverted, treatedRate, controlRate, null, null, null);
        }
        double difference = treatedRate - controlRate;
        double error = Math.sqrt(treatedRate * (1 - treatedRate) / treated + controlRate * (1 - controlRate) / control);
        return new Uplift(treated, treatedConverted, control, controlConverted, treatedRate, controlRate, difference,
                difference - Z95 * error, difference + Z95 * error);
    }
}
