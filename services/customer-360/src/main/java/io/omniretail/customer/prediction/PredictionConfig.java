package io.omniretail.customer.prediction;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The customer-base models' schedule and thresholds (ADR 0027). */
@ConfigMapping(prefix = "omniretail.predictions")
public interface PredictionConfig {

    /** When the nightly fit runs (Quartz-style cron, as the other nightly jobs). */
    String fitCron();

    /** Fewer buyers than this and the base is not fitted (a model of a handful of customers predicts nothing). */
    @WithDefault("200")
    int minBuyers();

    /** Fewer customers with a repeat purchase than this and neither model is fitted (nothing tells how people return). */
    @WithDefault("50")
    int minRepeatBuyers();

    /** The lifetime-value horizon in months. */
    @WithDefault("12")
    int clvMonths();

    /** The discount rate per month of the lifetime value (0.01 is about 12.7% a year). */
    @WithDefault("0.01")
    double monthlyDiscount();

    /** Fewer closed checkouts than this and the abandonment model is not fitted. */
    @WithDefault("200")
    int minClosedCheckouts();

    /** How often open checkouts are re-scored as they stay idle (a Quarkus duration, e.g. 5m); the scheduler reads it. */
    String abandonmentSweepEvery();
}
