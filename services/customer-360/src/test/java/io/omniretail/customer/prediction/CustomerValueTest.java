package io.omniretail.customer.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Lifetime value: expected purchases month by month times the expected order value, discounted. */
class CustomerValueTest {

    /** The paper's CDNOW estimates rescaled from weeks to days (alpha is in the time unit; r, a, b are not). */
    static final BgNbd.Parameters DAILY = new BgNbd.Parameters(0.243, 4.414 * 7, 0.793, 2.426);

    @Test
    void withoutDiscountTheValueIsTheExpectedPurchasesOverTheHorizonTimesTheOrderValue() {
        BgNbd.History history = new BgNbd.History(3, 200, 270);
        double purchases = BgNbd.expectedPurchases(DAILY, history, 12 * CustomerValue.MONTH_DAYS);
        assertThat(CustomerValue.lifetimeValue(DAILY, history, 40, 12, 0)).isCloseTo(40 * purchases, within(1e-9));
    }

    @Test
    void discountingLowersTheValueAndALongerHorizonRaisesIt() {
        BgNbd.History history = new BgNbd.History(3, 200, 270);
        double plain = CustomerValue.lifetimeValue(DAILY, history, 40, 12, 0);
        double discounted = CustomerValue.lifetimeValue(DAILY, history, 40, 12, 0.01);
        assertThat(discounted).isPositive().isLessThan(plain);
        assertThat(CustomerValue.lifetimeValue(DAILY, history, 40, 24, 0.01)).isGreaterThan(discounted);
    }

    @Test
    void aCustomerWhoLapsedLongAgoIsWorthLessThanOneWhoBoughtLately() {
        assertThat(CustomerValue.lifetimeValue(DAILY, new BgNbd.History(3, 20, 270), 40, 12, 0.01))
                .isLessThan(CustomerValue.lifetimeValue(DAILY, new BgNbd.History(3, 260, 270), 40, 12, 0.01));
    }
}
