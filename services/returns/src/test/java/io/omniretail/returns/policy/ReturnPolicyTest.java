package io.omniretail.returns.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.omniretail.returns.policy.ReturnPolicy.OrderFacts;
import io.omniretail.returns.policy.ReturnPolicy.RequestedLine;
import io.omniretail.returns.policy.ReturnPolicy.Violation;

class ReturnPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    final ReturnPolicy policy = new ReturnPolicy(30, List.of("FINAL-", " clearance- ", ""));

    static OrderFacts order(Duration age, Map<String, Integer> quantities) {
        return new OrderFacts("o-1", "c-1", NOW.minus(age), quantities);
    }

    Optional<Violation> check(OrderFacts order, List<RequestedLine> lines, Map<String, Integer> returned) {
        return policy.check("c-1", "o-1", order, lines, returned, NOW);
    }

    @Test
    void aRecentOrderWithRegularItemsMayBeReturned() {
        assertThat(check(order(Duration.ofDays(3), Map.of("SHIRT-1", 2)), List.of(new RequestedLine("SHIRT-1", 2)), Map.of()))
                .isEmpty();
    }

    @Test
    void theLastDayOfTheWindowIsInsideItAndTheNextInstantOutside() {
        List<RequestedLine> lines = List.of(new RequestedLine("SHIRT-1", 1));
        assertThat(check(order(Duration.ofDays(30), Map.of("SHIRT-1", 1)), lines, Map.of())).isEmpty();
        assertThat(check(order(Duration.ofDays(30).plusSeconds(1), Map.of("SHIRT-1", 1)), lines, Map.of()))
                .get().extracting(Violation::code).isEqualTo(ReturnPolicy.OUTSIDE_WINDOW);
    }

    @Test
    void finalSaleItemsAreRefusedWhateverTheCase() {
        Optional<Violation> violation = check(order(Duration.ofDays(1), Map.of("final-SOCKS", 1, "SHIRT-1", 1)),
                List.of(new RequestedLine("SHIRT-1", 1), new RequestedLine("final-SOCKS", 1)), Map.of());
        assertThat(violation).get().extracting(Violation::code).isEqualTo(ReturnPolicy.FINAL_SALE);
        assertThat(violation.get().detail()).contains("final-SOCKS");
        assertThat(policy.isFinalSale("CLEARANCE-HAT")).isTrue();
        assertThat(policy.isFinalSale("HAT-FINAL-")).isFalse();
        assertThat(policy.finalSalePrefixes()).containsExactly("FINAL-", "CLEARANCE-");
    }

    @Test
    void anUnknownOrderOrAnotherCustomersOrderIsRefused() {
        assertThat(check(null, List.of(new RequestedLine("SHIRT-1", 1)), Map.of()))
                .get().extracting(Violation::code).isEqualTo(ReturnPolicy.UNKNOWN_ORDER);
        assertThat(policy.check("c-2", "o-1", order(Duration.ofDays(1), Map.of("SHIRT-1", 1)),
                List.of(new RequestedLine("SHIRT-1", 1)), Map.of(), NOW))
                .get().extracting(Violation::code).isEqualTo(ReturnPolicy.ANOTHER_CUSTOMERS_ORDER);
    }

    @Test
    void onlyUnitsBoughtAndNotYetReturnedCanComeBack() {
        OrderFacts order = order(Duration.ofDays(1), Map.of("SHIRT-1", 3));
        assertThat(check(order, List.of(new RequestedLine("HAT-9", 1)), Map.of()))
                .get().extracting(Violation::code).isEqualTo(ReturnPolicy.NOT_ON_ORDER);
        assertThat(check(order, List.of(new RequestedLine("SHIRT-1", 2), new RequestedLine("SHIRT-1", 2)), Map.of()))
                .get().extracting(Violation::code).isEqualTo(ReturnPolicy.QUANTITY_EXCEEDED);
        assertThat(check(order, List.of(new RequestedLine("SHIRT-1", 2)), Map.of("SHIRT-1", 2)))
                .get().extracting(Violation::code).isEqualTo(ReturnPolicy.QUANTITY_EXCEEDED);
        assertThat(check(order, List.of(new RequestedLine("SHIRT-1", 1)), Map.of("SHIRT-1", 2))).isEmpty();
    }

    @Test
    void anOrderWithoutLinesIsCheckedOnItsDateAndFinalSaleOnly() {
        assertThat(check(order(Duration.ofDays(2), Map.of()), List.of(new RequestedLine("ANY-1", 5)), Map.of())).isEmpty();
    }

    @Test
    void aZeroDayWindowAcceptsOnlyTheVeryMomentOfPurchase() {
        ReturnPolicy none = new ReturnPolicy(0, List.of());
        assertThat(none.check("c-1", "o-1", order(Duration.ofSeconds(1), Map.of()), List.of(new RequestedLine("A", 1)), Map.of(), NOW))
                .get().extracting(Violation::code).isEqualTo(ReturnPolicy.OUTSIDE_WINDOW);
    }
}
