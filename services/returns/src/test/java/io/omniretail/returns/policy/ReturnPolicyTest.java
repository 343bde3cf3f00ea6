package io.omniretail.returns.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omniretail.returns.policy.ReturnPolicy.BoughtLine;
import io.omniretail.returns.policy.ReturnPolicy.CategoryRule;
import io.omniretail.returns.policy.ReturnPolicy.Decision;
import io.omniretail.returns.policy.ReturnPolicy.OrderFacts;
import io.omniretail.returns.policy.ReturnPolicy.RequestedLine;
import io.omniretail.returns.policy.ReturnPolicy.Returned;

class ReturnPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    /** 30 days; FINAL- and CLEARANCE- SKUs are final sale; electronics 14 days; underwear final sale. */
    final ReturnPolicy policy = new ReturnPolicy(30, List.of("FINAL-", " clearance- ", ""),
            Map.of("Electronics", new CategoryRule(14, false), "underwear", new CategoryRule(null, true)));

    /** Three shirts at 2,000 and a radio at 8,000 (electronics): 14,000, and a total of 13,500 after an order discount. */
    static OrderFacts order(Duration age) {
        return new OrderFacts("o-1", "c-1", NOW.minus(age), new BigDecimal("13500"), List.of(
                new BoughtLine("SHIRT-1", 3, new BigDecimal("6000"), "tops"),
                new BoughtLine("RADIO-1", 1, new BigDecimal("8000"), "electronics")));
    }

    static RequestedLine line(String sku, int quantity) {
        return new RequestedLine(sku, quantity, null);
    }

    Decision check(OrderFacts order, List<RequestedLine> lines, Returned returned) {
        return policy.check("c-1", "o-1", order, lines, returned, NOW);
    }

    static String code(Decision decision) {
        return decision.violation().map(ReturnPolicy.Violation::code).orElse("accepted");
    }

    @Test
    void aRecentOrderMayBeReturnedAndALineWithoutAnAmountIsWorthWhatItsUnitsCost() {
        Decision decision = check(order(Duration.ofDays(3)), List.of(line("SHIRT-1", 2)), Returned.NOTHING);
        assertThat(decision.violation()).isEmpty();
        assertThat(decision.lines()).singleElement().satisfies(l -> assertThat(l.amount()).isEqualByComparingTo("4000"));
    }

    @Test
    void theLastDayOfTheWindowIsInsideItAndTheNextInstantOutside() {
        assertThat(code(check(order(Duration.ofDays(30)), List.of(line("SHIRT-1", 1)), Returned.NOTHING))).isEqualTo("accepted");
        assertThat(code(check(order(Duration.ofDays(30).plusSeconds(1)), List.of(line("SHIRT-1", 1)), Returned.NOTHING)))
                .isEqualTo(ReturnPolicy.OUTSIDE_WINDOW);
    }

    @Test
    void aCategoryHasItsOwnWindowWhateverTheCaseOfItsName() {
        assertThat(code(check(order(Duration.ofDays(15)), List.of(line("SHIRT-1", 1)), Returned.NOTHING))).isEqualTo("accepted");
        Decision radio = check(order(Duration.ofDays(15)), List.of(line("RADIO-1", 1)), Returned.NOTHING);
        assertThat(code(radio)).isEqualTo(ReturnPolicy.OUTSIDE_WINDOW);
        assertThat(radio.violation().get().detail()).contains("electronics").contains("14 days");
    }

    @Test
    void finalSaleIsBySkuPrefixOrByCategory() {
        assertThat(policy.isFinalSale("final-SOCKS", null)).isTrue();
        assertThat(policy.isFinalSale("CLEARANCE-HAT", "tops")).isTrue();
        assertThat(policy.isFinalSale("HAT-FINAL-", "tops")).isFalse();
        assertThat(policy.isFinalSale("BRA-1", "Underwear")).isTrue();
        assertThat(policy.finalSalePrefixes()).containsExactly("FINAL-", "CLEARANCE-");
        OrderFacts withUnderwear = new OrderFacts("o-1", "c-1", NOW.minus(Duration.ofDays(1)), new BigDecimal("3000"),
                List.of(new BoughtLine("BRA-1", 1, new BigDecimal("3000"), "underwear")));
        assertThat(code(check(withUnderwear, List.of(line("BRA-1", 1)), Returned.NOTHING))).isEqualTo(ReturnPolicy.FINAL_SALE);
    }

    @Test
    void anUnknownOrderOrAnotherCustomersOrderIsRefused() {
        assertThat(code(check(null, List.of(line("SHIRT-1", 1)), Returned.NOTHING))).isEqualTo(ReturnPolicy.UNKNOWN_ORDER);
        assertThat(code(policy.check("c-2", "o-1", order(Duration.ofDays(1)), List.of(line("SHIRT-1", 1)), Returned.NOTHING, NOW)))
                .isEqualTo(ReturnPolicy.ANOTHER_CUSTOMERS_ORDER);
    }

    @Test
    void onlyUnitsBoughtAndNotYetReturnedCanComeBackWhateverTheNumberAsked() {
        OrderFacts order = order(Duration.ofDays(1));
        assertThat(code(check(order, List.of(line("HAT-9", 1)), Returned.NOTHING))).isEqualTo(ReturnPolicy.NOT_ON_ORDER);
        assertThat(code(check(order, List.of(line("SHIRT-1", 2), line("SHIRT-1", 2)), Returned.NOTHING))).isEqualTo(ReturnPolicy.QUANTITY_EXCEEDED);
        Returned twoBack = new Returned(Map.of("SHIRT-1", 2), Map.of("SHIRT-1", new BigDecimal("4000")), new BigDecimal("4000"));
        assertThat(code(check(order, List.of(line("SHIRT-1", 2)), twoBack))).isEqualTo(ReturnPolicy.QUANTITY_EXCEEDED);
        assertThat(code(check(order, List.of(line("SHIRT-1", 1)), twoBack))).isEqualTo("accepted");
        assertThat(code(check(order, List.of(line("SHIRT-1", Integer.MAX_VALUE), line("SHIRT-1", Integer.MAX_VALUE)), Returned.NOTHING)))
                .as("no overflow lets a huge number through").isEqualTo(ReturnPolicy.QUANTITY_EXCEEDED);
    }

    @Test
    void aRefundNeverExceedsWhatTheSkuCostNorWhatTheOrderTotalled() {
        OrderFacts order = order(Duration.ofDays(1));
        assertThat(code(check(order, List.of(new RequestedLine("SHIRT-1", 1, new BigDecimal("6000.01"))), Returned.NOTHING)))
                .isEqualTo(ReturnPolicy.AMOUNT_EXCEEDED);
        Returned shirtMoneyBack = new Returned(Map.of("SHIRT-1", 1), Map.of("SHIRT-1", new BigDecimal("5000")), new BigDecimal("5000"));
        assertThat(code(check(order, List.of(new RequestedLine("SHIRT-1", 1, new BigDecimal("1500"))), shirtMoneyBack)))
                .as("5,000 already refunded of the shirts' 6,000").isEqualTo(ReturnPolicy.AMOUNT_EXCEEDED);
        Decision everything = check(order, List.of(line("SHIRT-1", 3), line("RADIO-1", 1)), Returned.NOTHING);
        assertThat(code(everything)).as("14,000 of lines, but the order totalled 13,500").isEqualTo(ReturnPolicy.AMOUNT_EXCEEDED);
        assertThat(code(check(order, List.of(line("SHIRT-1", 3), new RequestedLine("RADIO-1", 1, new BigDecimal("7500"))), Returned.NOTHING)))
                .isEqualTo("accepted");
    }

    @Test
    void anOrderWithoutLinesNeedsAmountsAndItsTotalCapsThem() {
        OrderFacts noLines = new OrderFacts("o-1", "c-1", NOW.minus(Duration.ofDays(2)), new BigDecimal("5000"), List.of());
        assertThat(code(check(noLines, List.of(line("ANY-1", 5)), Returned.NOTHING))).isEqualTo(ReturnPolicy.AMOUNT_EXCEEDED);
        assertThat(code(check(noLines, List.of(new RequestedLine("ANY-1", 5, new BigDecimal("5000"))), Returned.NOTHING))).isEqualTo("accepted");
        assertThat(code(check(noLines, List.of(new RequestedLine("ANY-1", 5, new BigDecimal("5000.01"))), Returned.NOTHING)))
                .isEqualTo(ReturnPolicy.AMOUNT_EXCEEDED);
    }

    @Test
    void aZeroDayWindowAcceptsOnlyTheVeryMomentOfPurchase() {
        ReturnPolicy none = new ReturnPolicy(0, List.of(), Map.of());
        assertThat(code(none.check("c-1", "o-1", order(Duration.ofSeconds(1)), List.of(line("SHIRT-1", 1)), Returned.NOTHING, NOW)))
                .isEqualTo(ReturnPolicy.OUTSIDE_WINDOW);
    }
}
