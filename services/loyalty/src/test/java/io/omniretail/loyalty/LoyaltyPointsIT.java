package io.omniretail.loyalty;

import static io.omniretail.testing.TestTokens.as;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static org.assertj.core.api.Assertions.assertThat;
import static io.omniretail.loyalty.LoyaltyEvents.LOYALTY_EVENTS;
import static io.omniretail.loyalty.LoyaltyEvents.UNIFIED;
import static io.omniretail.loyalty.LoyaltyEvents.cancellation;
import static io.omniretail.loyalty.LoyaltyEvents.purchase;
import static io.omniretail.loyalty.LoyaltyEvents.refund;
import static io.omniretail.loyalty.LoyaltyEvents.send;
import static io.omniretail.loyalty.LoyaltyEvents.sendRaw;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The unified customer stream in, loyalty events out, against the real broker, registry and database: points
 * are earned once however often a purchase is delivered, refunds reverse their share once, and a poison
 * record is dead-lettered without stopping the consumer.
 */
@QuarkusTest
class LoyaltyPointsIT {

    /** The first test also waits for the consumer group to join. */
    static final Duration ARRIVAL = Duration.ofSeconds(60);

    @Test
    void aPurchaseEarnsPointsOnceEvenWhenTheSameRecordIsDeliveredAgain() throws Exception {
        String customerId = UUID.randomUUID().toString();
        String orderId = "it-order-" + UUID.randomUUID();
        CustomerEvent purchase = purchase(customerId, orderId, "5480");

        try (TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            send(purchase);
            TopicProbe.Received received = loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_EARNED), ARRIVAL);
            LoyaltyEvent earned = (LoyaltyEvent) received.value();
            assertThat(received.key()).isEqualTo(customerId);
            assertThat(earned.getPointsDelta()).as("floor(5480 / 100) at BASE").isEqualTo(54);
            assertThat(earned.getBalance()).isEqualTo(54);
            assertThat(earned.getTier()).isEqualTo("BASE");
            assertThat(earned.getReference()).isEqualTo(orderId);
            assertThat(earned.getMetadata().getCausationId()).isEqualTo(purchase.getMetadata().getEventId());
            assertThat(earned.getMetadata().getCorrelationId()).isEqualTo(purchase.getMetadata().getCorrelationId());
            assertAccount(customerId, 54, "BASE", 1);

            send(purchase); // a redelivery: same record, same eventId
            assertThat(loyaltyEvents.collect(Duration.ofSeconds(3)))
                    .filteredOn(r -> r.value() instanceof LoyaltyEvent e && e.getCustomerId().equals(customerId))
                    .as("no second loyalty event for the redelivered purchase").hasSize(1);
            assertAccount(customerId, 54, "BASE", 1);
        }
    }

    @Test
    void aRefundReversesItsShareOnceAndTiersFollowTheNetSpend() throws Exception {
        String customerId = UUID.randomUUID().toString();
        String orderId = "it-order-" + UUID.randomUUID();
        String refundId = "it-refund-" + UUID.randomUUID();

        try (TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            send(purchase(customerId, orderId, "60000"));
            LoyaltyEvent earned = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_EARNED), ARRIVAL).value();
            assertThat(earned.getPointsDelta()).as("earned at the tier before the purchase").isEqualTo(600);
            LoyaltyEvent promoted = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.TIER_CHANGED), ARRIVAL).value();
            assertThat(promoted.getPreviousTier()).isEqualTo("BASE");
            assertThat(promoted.getTier()).isEqualTo("SILVER");

            CustomerEvent refund = refund(customerId, orderId, refundId, "15000");
            send(refund);
            LoyaltyEvent reversed = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_REVERSED), ARRIVAL).value();
            assertThat(reversed.getPointsDelta()).as("a quarter of the order's 600 points").isEqualTo(-150);
            assertThat(reversed.getBalance()).isEqualTo(450);
            assertThat(reversed.getReference()).isEqualTo(orderId);
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.TIER_CHANGED)
                    && "BASE".equals(((LoyaltyEvent) r.value()).getTier()), ARRIVAL);

            send(refund(customerId, orderId, refundId, "15000")); // the same refund reported again under a new eventId
            assertThat(loyaltyEvents.collect(Duration.ofSeconds(3)))
                    .filteredOn(r -> isFor(r, customerId, LoyaltyEventType.POINTS_REVERSED))
                    .as("a refund reverses once").hasSize(1);
            assertAccount(customerId, 450, "BASE", 2);
        }
    }

    @Test
    void aCancellationGivesBackWhatNoRefundTookYetOnceAndTheTierFollows() throws Exception {
        String customerId = UUID.randomUUID().toString();
        String orderId = "it-order-" + UUID.randomUUID();

        try (TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            send(purchase(customerId, orderId, "60000"));
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.TIER_CHANGED), ARRIVAL);
            send(refund(customerId, orderId, "it-refund-" + UUID.randomUUID(), "15000"));
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_REVERSED), ARRIVAL);

            send(cancellation(customerId, orderId));
            send(cancellation(customerId, orderId)); // reported again (orders/cancelled and orders/updated)
            List<LoyaltyEvent> reversals = loyaltyEvents.collect(Duration.ofSeconds(3)).stream()
                    .filter(r -> isFor(r, customerId, LoyaltyEventType.POINTS_REVERSED)).map(r -> (LoyaltyEvent) r.value()).toList();
            assertThat(reversals).extracting(LoyaltyEvent::getPointsDelta).as("the refund's 150, then the 450 left, once")
                    .containsExactly(-150L, -450L);
            assertThat(reversals.get(1).getReason()).contains(orderId).contains("cancelled").contains("customer");
            assertAccount(customerId, 0, "BASE", 3);
        }
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheNextEventIsStillProcessed() throws Exception {
        String customerId = UUID.randomUUID().toString();
        byte[] poison = "not avro".getBytes(StandardCharsets.UTF_8);

        try (TopicProbe deadLetters = TopicProbe.from(UNIFIED + ".dlq");
                TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            sendRaw(customerId, poison);
            // same key, same partition: it is consumed only after the poison record
            send(purchase(customerId, "it-order-" + UUID.randomUUID(), "1200"));

            TopicProbe.Received dead = deadLetters.await(r -> customerId.equals(r.key())
                    && "loyalty".equals(r.headers().get("dlq.consumer")), ARRIVAL);
            assertThat(dead.rawValue()).isEqualTo(poison);
            assertThat(dead.headers()).containsEntry("dlq.original.topic", UNIFIED).containsKey("dlq.reason");

            LoyaltyEvent earned = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_EARNED), ARRIVAL).value();
            assertThat(earned.getBalance()).isEqualTo(12);
        }
    }

    @Test
    void anUnknownCustomerIsAProblem() {
        as(ASSOCIATE).when().get("/loyalty/accounts/{customerId}", UUID.randomUUID().toString())
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    static boolean isFor(TopicProbe.Received received, String customerId, LoyaltyEventType type) {
        return received.value() instanceof LoyaltyEvent event && event.getCustomerId().equals(customerId) && event.getType() == type;
    }

    static void assertAccount(String customerId, int balance, String tier, int ledgerEntries) {
        as(ASSOCIATE).when().get("/loyalty/accounts/{customerId}", customerId)
                .then().statusCode(200)
                .body("customerId", equalTo(customerId))
                .body("balance", equalTo(balance))
                .body("tier", equalTo(tier))
                .body("ledger.size()", equalTo(ledgerEntries));
    }
}
