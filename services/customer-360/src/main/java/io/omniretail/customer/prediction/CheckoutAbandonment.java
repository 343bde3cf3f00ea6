package io.omniretail.customer.prediction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.omniretail.customer.prediction.LogisticRegression.Example;

/**
 * Cart and checkout abandonment risk (ADR 0029): the probability that an open checkout, idle for a while, is never
 * completed, by logistic regression on the shop's own closed checkouts. The inputs are few and readable: how long the
 * checkout has been idle, how often the customer completed their earlier checkouts, how many they started, the channel
 * and the cart's value. A closed checkout is one completed, or idle for {@link #ABANDONED_AFTER}; it gives one example
 * per idle age in {@link #AGES_HOURS} at which it was still open, so the model learns how the risk grows with idleness.
 * The evaluation holds out the latest fifth of the checkouts by start. Pure.
 */
public final class CheckoutAbandonment {

    /** The model's inputs, in order. */
    public static final List<String> INPUTS = List.of("idleHours", "completionRate", "earlierCheckouts", "web", "app", "cartValue");
    /** The idle ages a checkout is scored at (and learnt from), in hours: the risk moves at these milestones only. */
    public static final List<Double> AGES_HOURS = List.of(0.0, 0.25, 1.0, 4.0, 24.0);
    /** A checkout idle this long without completing is abandoned. */
    public static final Duration ABANDONED_AFTER = Duration.ofDays(7);
    /** The slopes' ridge penalty: keeps separable data finite, negligible with hundreds of examples. */
    static final double RIDGE = 0.1;

    /**
     * A checkout as the model reads it. {@code earlierCheckouts} and {@code earlierCompleted} count the customer's
     * checkouts started before this one, as they stood when it started.
     */
    public record Checkout(String token, Instant startedAt, Instant lastActivityAt, Instant completedAt, String channel, double total,
            int earlierCheckouts, int earlierCompleted) {
    }

    /** A fitted model: its coefficients, the inputs' means (the baseline of explanations) and its held-out evaluation. */
    public record AbandonmentModel(LogisticRegression.Model regression, List<Double> inputMeans, Evaluation evaluation) {
    }

    /** How the model fitted on the older four fifths predicted the latest fifth. AUC is null without both outcomes. */
    public record Evaluation(Double auc, Double brier, double abandonedShare, int trainingExamples, int heldOutExamples) {
    }

    /** One input's value and its share of the risk's log-odds against an average checkout (positive: riskier). */
    public record Driver(String input, double value, double logOddsContribution) {
    }

    public record Risk(double probability, double idleHours, List<Driver> drivers) {
    }

    private CheckoutAbandonment() {
    }

    public static double[] inputs(Checkout c, double idleHours) {
        return new double[] {Math.log1p(idleHours), (c.earlierCompleted() + 1.0) / (c.earlierCheckouts() + 2.0), Math.log1p(c.earlierCheckouts()),
                "WEB".equals(c.channel()) ? 1 : 0, "APP".equals(c.channel()) ? 1 : 0, Math.log1p(Math.max(0, c.total()))};
    }

    /** Completed, or idle for {@link #ABANDONED_AFTER} by {@code now}. */
    public static boolean closed(Checkout c, Instant now) {
        return c.completedAt() != null || !c.lastActivityAt().plus(ABANDONED_AFTER).isAfter(now);
    }

    /** A closed checkout's examples: one per idle age at which it was still open, the outcome being abandonment. */
    public static List<Example> examples(Checkout c) {
        List<Example> examples = new ArrayList<>();
        for (double age : AGES_HOURS) {
            Instant at = c.lastActivityAt().plusMillis((long) (age * 3_600_000));
            if (c.completedAt() == null || c.completedAt().isAfter(at)) {
                examples.add(new Example(inputs(c, age), c.completedAt() == null));
            }
        }
        return examples;
    }

    /** The largest of {@link #AGES_HOURS} the idle time has reached. */
    public static double milestone(Duration idle) {
        double hours = idle.toMillis() / 3_600_000.0;
        double reached = 0;
        for (double age : AGES_HOURS) {
            if (hours >= age) {
                reached = age;
            }
        }
        return reached;
    }

    /**
     * Fits on the closed checkouts: first on the older four fifths (by start) to evaluate on the latest fifth, then on
     * all of them for use.
     */
    public static AbandonmentModel fit(List<Checkout> closed) {
        List<Checkout> byStart = closed.stream().sorted(Comparator.comparing(Checkout::startedAt).thenComparing(Checkout::token)).toList();
        int cut = (int) Math.floor(byStart.size() * 0.8);
        List<Example> training = byStart.subList(0, cut).stream().flatMap(c -> examples(c).stream()).toList();
        List<Example> heldOut = byStart.subList(cut, byStart.size()).stream().flatMap(c -> examples(c).stream()).toList();
        List<Example> all = byStart.stream().flatMap(c -> examples(c).stream()).toList();
        Evaluation evaluation;
        if (training.isEmpty() || heldOut.isEmpty()) {
            evaluation = new Evaluation(null, null, share(all), training.size(), heldOut.size());
        } else {
            LogisticRegression.Model older = LogisticRegression.fit(training, RIDGE);
            double[] scores = heldOut.stream().mapToDouble(e -> older.probability(e.x())).toArray();
            boolean[] outcomes = new boolean[heldOut.size()];
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = heldOut.get(i).outcome();
            }
            evaluation = new Evaluation(LogisticRegression.auc(scores, outcomes), LogisticRegression.brier(scores, outcomes), share(all),
                    training.size(), heldOut.size());
        }
        List<Double> means = new ArrayList<>();
        for (int i = 0; i < INPUTS.size(); i++) {
            int input = i;
            means.add(all.stream().mapToDouble(e -> e.x()[input]).average().orElse(0));
        }
        return new AbandonmentModel(LogisticRegression.fit(all, RIDGE), List.copyOf(means), evaluation);
    }

    /** The risk of an open checkout as of {@code now}, at its idle milestone, rounded to 0.01, with its drivers. */
    public static Risk risk(AbandonmentModel model, Checkout c, Instant now) {
        double age = milestone(Duration.between(c.lastActivityAt(), now.isBefore(c.lastActivityAt()) ? c.lastActivityAt() : now));
        double[] x = inputs(c, age);
        List<Driver> drivers = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            drivers.add(new Driver(INPUTS.get(i), round(x[i], 3),
                    round(model.regression().slopes().get(i) * (x[i] - model.inputMeans().get(i)), 3)));
        }
        drivers.sort(Comparator.comparingDouble((Driver d) -> -Math.abs(d.logOddsContribution())));
        return new Risk(round(model.regression().probability(x), 2), age, List.copyOf(drivers));
    }

    private static double share(List<Example> examples) {
        return examples.isEmpty() ? 0 : examples.stream().filter(Example::outcome).count() / (double) examples.size();
    }

    private static double round(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN).doubleValue();
    }
}
