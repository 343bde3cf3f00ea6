package io.omniretail.customer.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.omniretail.customer.prediction.PurchaseHistory.Purchase;

/** How the models read a customer's purchases: a day is one transaction, the first day the trial. */
class PurchaseHistoryTest {

    static final Instant DAY1 = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void purchasesOnOneUtcDayAreOneTransactionWithTheirValuesAddedUp() {
        PurchaseHistory h = PurchaseHistory.of(List.of(
                new Purchase(DAY1, 50.0),
                new Purchase(DAY1.plusSeconds(3600), 20.0),
                new Purchase(DAY1.plusSeconds(10 * 86_400), 30.0),
                new Purchase(DAY1.plusSeconds(10 * 86_400 + 60), 40.0),
                new Purchase(DAY1.plusSeconds(20 * 86_400), 10.0)));
        assertThat(h.repeatPurchases()).isEqualTo(2);
        assertThat(h.meanRepeatValue()).as("days 10 and 20, the trial day left out").isEqualTo((70.0 + 10.0) / 2);
        BgNbd.History days = h.history(DAY1.plusSeconds(30 * 86_400));
        assertThat(days.tx()).isCloseTo(20, within(1e-9));
        assertThat(days.T()).isCloseTo(30, within(1e-9));
    }

    @Test
    void theOrderOfThePurchasesDoesNotMatter() {
        List<Purchase> ordered = List.of(new Purchase(DAY1, 5.0), new Purchase(DAY1.plusSeconds(86_400 * 3), 7.0));
        assertThat(PurchaseHistory.of(ordered)).isEqualTo(PurchaseHistory.of(ordered.reversed()));
    }

    @Test
    void aDayOnlyInAnotherCurrencyCountsAsAPurchaseButNotInTheMeanValue() {
        PurchaseHistory h = PurchaseHistory.of(List.of(new Purchase(DAY1, 10.0), new Purchase(DAY1.plusSeconds(86_400), null),
                new Purchase(DAY1.plusSeconds(2 * 86_400), 30.0)));
        assertThat(h.repeatPurchases()).isEqualTo(2);
        assertThat(h.meanRepeatValue()).isEqualTo(30.0);
        assertThat(h.spend()).isEqualTo(new GammaGamma.Spend(1, 30.0));
    }

    @Test
    void aOneTimeBuyerHasNoRepeatValueAndARefundedRepeatNoSpend() {
        PurchaseHistory once = PurchaseHistory.of(List.of(new Purchase(DAY1, 10.0)));
        assertThat(once.repeatPurchases()).isZero();
        assertThat(once.meanRepeatValue()).isNull();
        assertThat(once.spend()).isNull();
        PurchaseHistory refunded = PurchaseHistory.of(List.of(new Purchase(DAY1, 10.0), new Purchase(DAY1.plusSeconds(86_400), 0.0)));
        assertThat(refunded.spend()).isNull();
        assertThat(PurchaseHistory.of(List.of())).isNull();
    }

    @Test
    void aClockBehindTheLastPurchaseObservesUpToThatPurchase() {
        PurchaseHistory h = PurchaseHistory.of(List.of(new Purchase(DAY1, 10.0), new Purchase(DAY1.plusSeconds(86_400), 10.0)));
        assertThat(h.history(DAY1).T()).isEqualTo(h.history(DAY1).tx());
    }
}
