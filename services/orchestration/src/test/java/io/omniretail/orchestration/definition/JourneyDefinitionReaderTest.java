package io.omniretail.orchestration.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.promotion.Discount;
import io.omniretail.events.promotion.DiscountKind;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.promotion.PromotionEventType;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.rules.CelValues;
import io.omniretail.orchestration.definition.JourneyDefinition.Branch;
import io.omniretail.orchestration.definition.JourneyDefinition.Notify;
import io.omniretail.orchestration.definition.JourneyDefinition.WaitFor;

class JourneyDefinitionReaderTest {

    static final String MINIMAL = """
            id: welcome
            version: 3
            trigger:
              on: customer
              when: event.type == 'SIGNUP'
            steps:
              - id: hello
                notify:
                  template: welcome
                  purpose: MARKETING
            """;

    @Test
    void aMinimalDefinitionTakesTheDefaults() {
        JourneyDefinition definition = JourneyDefinitionReader.read("welcome.yaml", MINIMAL);
        assertThat(definition.key()).isEqualTo("welcome@3");
        assertThat(definition.entry()).isEqualTo(JourneyDefinition.Entry.DEFAULT);
        assertThat(definition.first().next()).as("after the last step, the end").isEqualTo(JourneyDefinition.END);
        assertThat(definition.source()).isEqualTo(MINIMAL);
    }

    @Test
    void stepsGoOnToTheFollowingStepUnlessTheyNameAnother() {
        JourneyDefinition definition = JourneyDefinitionReader.read("post-purchase.yaml", JourneyCatalog.readBuiltIn("post-purchase").source());
        WaitFor points = (WaitFor) definition.step("points").orElseThrow();
        assertThat(points.next()).isEqualTo("first-purchase");
        assertThat(points.onTimeout()).as("a timeout goes on too, unless told otherwise").isEqualTo("first-purchase");
        assertThat(points.timeout()).isEqualTo(Duration.ofSeconds(20));
        Branch first = (Branch) definition.step("first-purchase").orElseThrow();
        assertThat(first.next()).isEqualTo("coupon");
        assertThat(first.otherwise()).isEqualTo("thank");
    }

    @Test
    void aSchemaViolationNamesItsLineAndPath() {
        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> JourneyDefinitionReader.read("bad.yaml", """
                id: welcome
                version: 1
                trigger:
                  on: customer
                steps:
                  - id: hello
                    notify:
                      template: welcome
                      purpose: SOMETIMES
                """));
        assertThat(e.problems()).anySatisfy(problem -> {
            assertThat(problem.line()).isEqualTo(9);
            assertThat(problem.path()).isEqualTo("$.steps[0].notify.purpose");
        });
        assertThat(e.getMessage()).contains("bad.yaml:9:");
    }

    @Test
    void aTagStepTakesClientelingTagsOnly() {
        String tagging = """
                id: tagging
                version: 1
                trigger:
                  on: customer
                steps:
                  - id: mark
                    tag: {add: [win-back-offered], remove: [%s]}
                """;
        JourneyDefinition.Tag mark = (JourneyDefinition.Tag) JourneyDefinitionReader.read("tagging.yaml", tagging.formatted("lapsing-2026"))
                .step("mark").orElseThrow();
        assertThat(mark.add()).containsExactly("win-back-offered");
        assertThat(mark.remove()).containsExactly("lapsing-2026");
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> JourneyDefinitionReader.read("tagging.yaml", tagging.formatted("Not A Tag")));
        assertThat(e.problems()).anySatisfy(problem -> {
            assertThat(problem.line()).isEqualTo(7);
            assertThat(problem.path()).isEqualTo("$.steps[0].tag.remove[0]");
        });
    }

    @Test
    void productEventsNeverStartAJourneyAndOnlyReachInstancesThatNameTheirSku() {
        DefinitionException starts = catchThrowableOfType(DefinitionException.class, () -> JourneyDefinitionReader.read("bad.yaml", """
                id: restock
                version: 1
                trigger:
                  on: product
                steps:
                  - id: hello
                    notify: {template: back-in-stock, purpose: MARKETING}
                """));
        assertThat(starts.problems()).anySatisfy(problem -> assertThat(problem.path()).isEqualTo("$.trigger.on"));
        DefinitionException noObject = catchThrowableOfType(DefinitionException.class, () -> JourneyDefinitionReader.read("bad.yaml", """
                id: restock
                version: 1
                trigger:
                  on: customer
                steps:
                  - id: back
                    waitFor: {on: product, when: event.available > 0, timeout: P30D}
                """));
        assertThat(noObject.problems()).anySatisfy(problem -> assertThat(problem.path()).isEqualTo("$.entry.object"));
    }

    @Test
    void anUnknownFieldIsRefusedWhereItIs() {
        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> JourneyDefinitionReader.read("bad.yaml",
                MINIMAL + "exitAfter: P1D\n"));
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.reason()).contains("exitAfter");
        });
    }

    @Test
    void aCelErrorNamesTheStepTheExpressionAndThePositionInIt() {
        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> JourneyDefinitionReader.read("bad.yaml", """
                id: welcome
                version: 1
                trigger:
                  on: customer
                steps:
                  - id: vip
                    branch:
                      when: size(trigger.purchase.lines) > 'lots'
                      else: end
                  - id: hello
                    notify:
                      template: welcome
                      purpose: MARKETING
                      parameters:
                        name: profile.firstName +
                """));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.path()).isEqualTo("$.steps[0].branch.when");
            assertThat(problem.expression()).isEqualTo("size(trigger.purchase.lines) > 'lots'");
            assertThat(problem.expressionPosition()).isEqualTo("1:30");
        });
        assertThat(e.problems().get(1).path()).isEqualTo("$.steps[1].notify.parameters.name");
        assertThat(e.problems().get(1).line()).isEqualTo(15);
    }

    @Test
    void stepsOnlyGoForwardToStepsThatExist() {
        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> JourneyDefinitionReader.read("bad.yaml", """
                id: loop
                version: 1
                trigger:
                  on: customer
                steps:
                  - id: hello
                    notify: {template: welcome, purpose: MARKETING}
                  - id: again
                    wait: {for: PT1H}
                    next: hello
                  - id: gone
                    branch: {when: 'true', else: nowhere}
                  - id: gone
                    wait: {for: PT1M}
                """));
        assertThat(e.problems()).extracting(DefinitionProblem::reason).containsExactlyInAnyOrder(
                "step 'hello' is not after this one: a journey only goes forward", "no step 'nowhere'", "step id 'gone' is used twice");
    }

    @Test
    void notYamlIsSaidSo() {
        assertThatThrownBy(() -> JourneyDefinitionReader.read("bad.yaml", "id: [unclosed\n")).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("not YAML");
    }

    @Test
    void thePostPurchaseThankYouCarriesThePointsAndTheCouponAsTheTemplateExpectsThem() {
        JourneyDefinition definition = JourneyCatalog.readBuiltIn("post-purchase");
        Notify thank = (Notify) definition.step("thank").orElseThrow();
        EventMetadata metadata = EventMetadata.newBuilder().setEventId("e-1").setOccurredAt(Instant.parse("2026-12-01T00:00:00Z"))
                .setSource("test").setCorrelationId("c-1").build();
        CustomerEvent purchase = CustomerEvent.newBuilder().setMetadata(metadata).setCustomerId("cu-1").setTouchpointId("t-1")
                .setType(TouchpointType.PURCHASE).setChannel(TouchpointChannel.ONLINE_SHOPIFY).setSourceSystem("shopify")
                .setSourceReference("o-1").setIsFirstPurchase(true)
                .setPurchase(PurchaseDetails.newBuilder().setOrderId("o-1").setOrderNumber("#1001")
                        .setTotal(Money.newBuilder().setCurrency("JPY").setAmount(new BigDecimal("12340.0000")).build())
                        .setLines(List.of()).setPlacedAt(Instant.parse("2026-12-01T00:00:00Z")).build())
                .build();
        LoyaltyEvent points = LoyaltyEvent.newBuilder().setMetadata(metadata).setCustomerId("cu-1").setType(LoyaltyEventType.POINTS_EARNED)
                .setPointsDelta(123).setBalance(456).setTier("BASE").setReference("o-1").setLedgerEntryId("l-1").build();
        PromotionEvent coupon = PromotionEvent.newBuilder().setMetadata(metadata).setCustomerId("cu-1").setType(PromotionEventType.COUPON_ISSUED)
                .setCampaignId("welcome-10").setCouponCode("WEL-1")
                .setDiscount(Discount.newBuilder().setKind(DiscountKind.PERCENT).setValue(new BigDecimal("10.0000")).build())
                .setValidFrom(Instant.parse("2026-12-01T00:00:00Z")).setValidUntil(Instant.parse("2026-12-31T00:00:00Z")).setReference("o-1").build();

        Map<String, String> withEverything = parameters(thank, purchase, Map.of("points", CelValues.of(points), "coupon", CelValues.of(coupon)));
        assertThat(withEverything).containsExactlyInAnyOrderEntriesOf(Map.of("orderNumber", "#1001", "pointsEarned", "123",
                "pointsBalance", "456", "couponCode", "WEL-1", "discount", "10%", "couponValidUntil", "2026-12-31"));
        assertThat(parameters(thank, purchase, Map.of())).as("what never came is left out").containsOnlyKeys("orderNumber");
    }

    static Map<String, String> parameters(Notify notify, CustomerEvent trigger, Map<String, Object> events) {
        Map<String, Object> values = Map.of("event", Map.of(), "trigger", CelValues.of(trigger), "events", events,
                "profile", Map.of(), "segments", List.of(), "now", Instant.now());
        Map<String, String> parameters = new TreeMap<>();
        notify.parameters().forEach((name, expression) -> expression.evaluate(values).ifPresent(value -> parameters.put(name, value)));
        return parameters;
    }
}
