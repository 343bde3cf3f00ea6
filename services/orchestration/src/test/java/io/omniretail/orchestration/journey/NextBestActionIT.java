package io.omniretail.orchestration.journey;

import static io.omniretail.orchestration.journey.BuiltInJourneysIT.awaitRecord;
import static io.omniretail.orchestration.journey.BuiltInJourneysIT.awaitState;
import static io.omniretail.orchestration.journey.BuiltInJourneysIT.customerWhere;
import static io.omniretail.orchestration.journey.BuiltInJourneysIT.known;
import static io.omniretail.orchestration.journey.BuiltInJourneysIT.segment;
import static io.omniretail.orchestration.journey.JourneyEngineIT.define;
import static io.omniretail.orchestration.journey.JourneyEngineIT.journeyId;
import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerPredictions;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.CustomerTraits;
import io.omniretail.events.customer.ProfileStats;
import io.omniretail.events.customer.SegmentChange;
import io.omniretail.events.journey.Escalation;
import io.omniretail.events.journey.OfferCommand;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The choose step on the real stack: the most valuable action by the customers' predicted value, a budget shared by
 * all customers and a cap per customer passing the choice to the next best option, the control group getting nothing
 * but counted with the option it would have had, and each option's uplift in the journey's stats.
 */
@QuarkusTest
class NextBestActionIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestProducer producer = TestProducer.shared();
    static final String SEGMENTS = "retail.customers.segments.v1";

    @Test
    void theBestActionWithinBudgetAndCapGoesOutTheControlGroupGetsNothingAndTheUpliftIsReportedPerOption() {
        String journey = journeyId("nba");
        String audience = "nba-" + UUID.randomUUID().toString().substring(0, 8);
        define("""
                id: %s
                version: 1
                trigger:
                  on: segment
                  when: event.segmentId == '%s' && event.change == 'ENTERED'
                goal:
                  on: customer
                  when: event.type == 'PURCHASE'
                  within: P1D
                steps:
                  - id: best
                    choose:
                      control: 30
                      options:
                        - id: associate-call
                          when: has(profile.traits.predictions) && profile.traits.predictions.clvDecile == 10
                          value: profile.traits.predictions.predictedClv.amount * 0.05
                          cost: 800
                          budget: {max: 1, per: P1D}
                          then: call
                        - id: coupon
                          value: profile.traits.predictions.predictedClv.amount * 0.03
                          cost: 300
                          cap: {max: 1, per: P30D}
                          then: coupon
                        - id: message
                          value: 60
                          cost: 5
                          then: message
                  - id: call
                    escalate: {queue: "'clienteling'", priority: NORMAL, summary: "'A call from their associate'"}
                    next: end
                  - id: coupon
                    offer: {campaign: win-back-15, reason: next best action}
                    next: end
                  - id: message
                    notify: {template: winback-offer, purpose: MARKETING}
                """.formatted(journey, audience));
        String first = customerWhere(id -> !ControlGroup.contains("omniretail", journey + "/best", id, 30));
        String second = customerWhere(id -> !ControlGroup.contains("omniretail", journey + "/best", id, 30));
        String control = customerWhere(id -> ControlGroup.contains("omniretail", journey + "/best", id, 30));
        for (String customer : List.of(first, second, control)) {
            producer.send("retail.customers.profiles.v1", customer, valuable(customer));
        }
        await().atMost(WAIT).until(() -> known(first) && known(second) && known(control));

        try (TopicProbe escalations = TopicProbe.from("retail.journeys.escalations.v1");
                TopicProbe offers = TopicProbe.from("retail.promotions.commands.v1");
                TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send(SEGMENTS, first, segment(first, audience, SegmentChange.ENTERED));
            Escalation call = awaitRecord(escalations, Escalation.class, e -> e.getCustomerId().equals(first));
            assertThat(call.getQueue()).as("a top-decile customer: the call is worth most").isEqualTo("clienteling");

            producer.send(SEGMENTS, second, segment(second, audience, SegmentChange.ENTERED));
            OfferCommand coupon = awaitRecord(offers, OfferCommand.class, c -> c.getCustomerId().equals(second));
            assertThat(coupon.getCampaignId()).as("the day's one call is taken: the next best").isEqualTo("win-back-15");
            awaitState(second, journey, "COMPLETED");

            producer.send(SEGMENTS, second, segment(second, audience, SegmentChange.ENTERED));
            NotificationRequest message = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(second));
            assertThat(message.getTemplateId()).as("one coupon per 30 days: a message this time").isEqualTo("winback-offer");

            producer.send(SEGMENTS, control, segment(control, audience, SegmentChange.ENTERED));
            awaitState(control, journey, "CONTROL");
            producer.send("retail.customers.unified.v1", first, JourneyEvents.purchase(first, "order-" + UUID.randomUUID()));
            producer.send("retail.customers.unified.v1", control, JourneyEvents.purchase(control, "order-" + UUID.randomUUID()));

            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).get("/journeys/definitions/{id}/stats", journey).then().statusCode(200)
                    .body("[0].steps.best.CHOSEN", equalTo(3)).body("[0].steps.best.CONTROL", equalTo(1))
                    .body("[0].choices.best.associate-call.treated", equalTo(1))
                    .body("[0].choices.best.associate-call.treatedConverted", equalTo(1))
                    .body("[0].choices.best.associate-call.control", equalTo(0))
                    // the day's call was taken when the control customer came: they would have had the coupon
                    .body("[0].choices.best.coupon.treated", equalTo(1)).body("[0].choices.best.coupon.treatedConverted", equalTo(0))
                    .body("[0].choices.best.coupon.control", equalTo(1)).body("[0].choices.best.coupon.controlConverted", equalTo(1))
                    .body("[0].choices.best.coupon.uplift", equalTo(-1.0f))
                    .body("[0].choices.best.message.treated", equalTo(1))
                    .body("[0].uplift.control", equalTo(1)).body("[0].uplift.treated", equalTo(3)));
            assertThat(escalations.collect(Duration.ofSeconds(1))).as("the control group gets no call")
                    .noneMatch(r -> r.value() instanceof Escalation e && e.getCustomerId().equals(control));
            assertThat(offers.collect(Duration.ZERO)).noneMatch(r -> r.value() instanceof OfferCommand c && c.getCustomerId().equals(control));
        }
    }

    /** A top-decile customer with a predicted value of 40,000 JPY. */
    private static CustomerProfile valuable(String customer) {
        Instant now = Instant.now();
        return CustomerProfile.newBuilder()
                .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), now, "test"))
                .setCustomerId(customer).setStats(ProfileStats.newBuilder().build()).setVersion(1)
                .setTraits(CustomerTraits.newBuilder().setPredictions(CustomerPredictions.newBuilder().setChurnRisk(0.4)
                        .setExpectedPurchases30Days(0.2).setExpectedPurchases90Days(0.5)
                        .setPredictedClv(Money.newBuilder().setCurrency("JPY").setAmount(new BigDecimal("40000.0000")).build())
                        .setClvDecile(10).setFitId("nightly:2026-12-03").setScoredAt(now).build()).build())
                .build();
    }
}
