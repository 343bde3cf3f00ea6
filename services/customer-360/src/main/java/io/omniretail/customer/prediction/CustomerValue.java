package io.omniretail.customer.prediction;

/**
 * Predicted customer lifetime value over a horizon: the purchases BG/NBD expects in each month times the order value
 * Gamma-Gamma expects, discounted monthly (the "RFM and CLV" paper's combination, summed over whole months rather than
 * in closed form so that the horizon is finite and plain to explain). Pure.
 */
public final class CustomerValue {

    /** Days in a month of the forecast. */
    public static final double MONTH_DAYS = 30;

    private CustomerValue() {
    }

    /**
     * The discounted value of the next {@code months} months for a customer with this history (in days) and this
     * expected order value; {@code monthlyDiscount} is the rate per month (0.01 for about 12.7% a year).
     */
    public static double lifetimeValue(BgNbd.Parameters daily, BgNbd.History history, double expectedOrderValue, int months,
            double monthlyDiscount) {
        double value = 0;
        double before = 0;
        for (int month = 1; month <= months; month++) {
            double upTo = BgNbd.expectedPurchases(daily, history, month * MONTH_DAYS);
            value += (upTo - before) * expectedOrderValue / Math.pow(1 + monthlyDiscount, month);
            before = upTo;
        }
        return value;
    }
}
