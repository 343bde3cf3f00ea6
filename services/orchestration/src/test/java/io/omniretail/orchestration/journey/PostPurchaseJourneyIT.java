package io.omniretail.orchestration.journey;

import static io.omniretail.orchestration.journey.JourneyEvents.purchase;
import static io.omniretail.testing.TestTokens.as;
import static io.omniretail.testing.TestTokens.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.events.promotion.Discount;
import io.omniretail.events.promotion.DiscountKind;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.promotion.PromotionEventType;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The built-in post-purchase journey (journeys/built-in/post-purchase.yaml) against the real stack: it waits for the
 * points and a first purchase's coupon, in whatever order they come, or acts on its durable timer.
 */
@QuarkusTest
class PostPurchaseJourneyIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    /** The definition's points timeout (20 s) and the timer's poll, with room. */
    static final Duration TIMER = Duration.ofSeconds(40);
    static final TestProducer producer = TestProducer.shared();

    @Test
    void aFirstPurchaseIsThankedWithItsPointsAndWelcomeCouponKeepingTheCorrelation() {
        String customerId = UUID.randomUUID().toString();
        String orderId = "order-" + UUID.randomUUID();
        CustomerEvent purchase = purchase(customerId, orderId, true);
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send("retail.customers.unified.v1", customerId, purchase);
            producer.send("retail.loyalty.events.v1", customerId, points(customerId, orderId, purchase.getMetadata()));
            assertThat(requests.collect(Duration.ofSeconds(2))).as("still waiting for the coupon")
                    .noneMatch(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(customerId));
            producer.send("retail.promotions.events.v1", customerId, coupon(customerId, orderId, purchase.getMetadata()));

            NotificationRequest request = (NotificationRequest) requests.await(r -> r.value() instanceof NotificationRequest n
                    && n.getCustomerId().equals(customerId), WAIT).value();
            assertThat(request.getTemplateId()).isEqualTo("post-purchase-thank-you");
            assertThat(request.getParameters()).containsEntry("orderNumber", "#1001").containsEntry("pointsEarned", "123")
                    .containsEntry("pointsBalance", "123").containsEntry("couponCode", "WEL-ABCDE-FGHJK").containsEntry("discount", "10%");
            assertThat(request.getMetadata().getCorrelationId()).isEqualTo(purchase.getMetadata().getCorrelationId());
            assertThat(request.getMetadata().getCausationId()).isEqualTo(purchase.getMetadata().getEventId());
        }
    }

    @Test
    void pointsThatArriveBeforeTheJourneyStartsAreUsed() {
        String customerId = UUID.randomUUID().toString();
        String orderId = "order-" + UUID.randomUUID();
        CustomerEvent purchase = purchase(customerId, orderId, false);
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send("retail.loyalty.events.v1", customerId, points(customerId, orderId, purchase.getMetadata()));
            producer.send("retail.customers.unified.v1", customerId, purchase);
            NotificationRequest request = (NotificationRequest) requests.await(r -> r.value() instanceof NotificationRequest n
                    && n.getCustomerId().equals(customerId), WAIT).value();
            assertThat(request.getParameters()).containsEntry("pointsEarned", "123").doesNotContainKey("couponCode");
        }
    }

    @Test
    void withoutPointsTheDurableTimerThanksWithWhatArrived() {
        String customerId = UUID.randomUUID().toString();
        CustomerEvent purchase = purchase(customerId, "order-" + UUID.randomUUID(), false);
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send("retail.customers.unified.v1", customerId, purchase);
            NotificationRequest request = (NotificationRequest) requests.await(r -> r.value() instanceof NotificationRequest n
                    && n.getCustomerId().equals(customerId), TIMER).value();
            assertThat(request.getParameters()).containsEntry("orderNumber", "#1001").doesNotContainKey("pointsEarned");
            producer.send("retail.customers.unified.v1", customerId, purchase);
            assertThat(requests.collect(Duration.ofSeconds(5))).as("one journey per order, however often it is seen")
                    .filteredOn(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(customerId)).hasSize(1);
        }
    }

    @Test
    void anOrderCancelledWhileItsJourneyWaitsIsNeverThankedEvenWhenItsFactsArriveAfterwards() {
        String customerId = UUID.randomUUID().toString();
        String orderId = "order-" + UUID.randomUUID();
        CustomerEvent purchase = purchase(customerId, orderId, true);
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send("retail.customers.unified.v1", customerId, purchase);
            CustomerEvent cancelled = CustomerEvent.newBuilder(purchase(customerId, orderId, false))
                    .setType(TouchpointType.ORDER_CANCELLED).build();
            producer.send("retail.customers.unified.v1", customerId, cancelled);
            // the purchase and its cancellation are consecutive on one partition: the journey exits before its timer
            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).queryParam("customerId", customerId).get("/journeys").then()
                    .statusCode(200).body("findAll { it.journeyId == 'post-purchase' }.state", contains("EXITED")));

            // the facts it waited for arrive on other topics after the cancellation: nothing acts on them
            producer.send("retail.loyalty.events.v1", customerId, points(customerId, orderId, purchase.getMetadata()));
            producer.send("retail.promotions.events.v1", customerId, coupon(customerId, orderId, purchase.getMetadata()));
            assertThat(requests.collect(Duration.ofSeconds(6))).as("no thank-you, not even from the timer")
                    .noneMatch(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(customerId));
        }
    }

    static LoyaltyEvent points(String customerId, String orderId, EventMetadata cause) {
        return LoyaltyEvent.newBuilder().setMetadata(EventMetadataFactory.causedBy(cause, "points", "test", Instant.now()))
                .setCustomerId(customerId).setType(LoyaltyEventType.POINTS_EARNED).setPointsDelta(123).setBalance(123)
                .setTier("BASE").setReference(orderId).setLedgerEntryId(UUID.randomUUID().toString()).build();
    }

    static PromotionEvent coupon(String customerId, String orderId, EventMetadata cause) {
        return PromotionEvent.newBuilder().setMetadata(EventMetadataFactory.causedBy(cause, "coupon", "test", Instant.now()))
                .setCustomerId(customerId).setType(PromotionEventType.COUPON_ISSUED).setCampaignId("welcome-10")
                .setCouponCode("WEL-ABCDE-FGHJK")
                .setDiscount(Discount.newBuilder().setKind(DiscountKind.PERCENT).setValue(BigDecimal.TEN.setScale(4)).build())
                .setValidFrom(Instant.now()).setValidUntil(Instant.now().plus(Duration.ofDays(30))).setReference(orderId).build();
    }
}
