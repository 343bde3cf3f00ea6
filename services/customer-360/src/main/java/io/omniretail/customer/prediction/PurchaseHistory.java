package io.omniretail.customer.prediction;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A customer's counted purchases as the customer-base models read them (the papers' convention): purchases on one UTC
 * day are one transaction, the first day is the trial, the later days are repeat purchases, and a repeat purchase's
 * value is the day's purchases net of refunds in the customer's spend currency (a day with none in that currency has
 * no value and is left out of the mean). Pure.
 */
public record PurchaseHistory(Instant firstAt, Instant lastAt, int repeatPurchases, double repeatValue, int valuedRepeatPurchases) {

    /** One counted purchase: when, and its net value in the spend currency (null when in another currency). */
    public record Purchase(Instant at, Double value) {
    }

    private static final double DAY_SECONDS = 86_400;

    /** The history of these purchases; null when there are none. */
    public static PurchaseHistory of(List<Purchase> purchases) {
        if (purchases.isEmpty()) {
            return null;
        }
        record Day(Instant at, Double value) {
        }
        Map<LocalDate, Day> days = new TreeMap<>();
        for (Purchase p : purchases) {
            days.merge(LocalDate.ofInstant(p.at(), ZoneOffset.UTC), new Day(p.at(), p.value()), (a, b) -> new Day(
                    a.at().isBefore(b.at()) ? a.at() : b.at(),
                    a.value() == null ? b.value() : b.value() == null ? a.value() : a.value() + b.value()));
        }
        List<Day> ordered = List.copyOf(days.values());
        double value = 0;
        int valued = 0;
        for (Day day : ordered.subList(1, ordered.size())) {
            if (day.value() != null) {
                value += day.value();
                valued++;
            }
        }
        return new PurchaseHistory(ordered.get(0).at(), ordered.get(ordered.size() - 1).at(), ordered.size() - 1, value, valued);
    }

    /** The BG/NBD history in days as of {@code now}: repeat purchases, days from the first to the last, days observed. */
    public BgNbd.History history(Instant now) {
        Instant end = now.isBefore(lastAt) ? lastAt : now;
        return new BgNbd.History(repeatPurchases, days(firstAt, lastAt), days(firstAt, end));
    }

    /** The mean value of the valued repeat purchases; null without one. */
    public Double meanRepeatValue() {
        return valuedRepeatPurchases == 0 ? null : repeatValue / valuedRepeatPurchases;
    }

    /** The Gamma-Gamma input: null without a valued repeat purchase or with a non-positive mean (refunded in full). */
    public GammaGamma.Spend spend() {
        Double mean = meanRepeatValue();
        return mean == null || mean <= 0 ? null : new GammaGamma.Spend(valuedRepeatPurchases, mean);
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0 / DAY_SECONDS;
    }
}
