package io.omniretail.promotions;

import static io.omniretail.testing.TestTokens.as;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.IdentityMerged;
import io.omniretail.events.journey.OfferCommand;
import io.omniretail.events.promotion.DiscountKind;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.promotion.PromotionEventType;
import io.omniretail.events.touchpoint.FinancialStatus;
import io.omniretail.events.touchpoint.OrderFulfillmentStatus;
import io.omniretail.events.touchpoint.OrderStatus;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/** promotions against the real stack: one welcome coupon per customer whatever is redelivered, redemption, offers, merges. */
@QuarkusTest
class PromotionsIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration QUIET = Duration.ofSeconds(3);
    static final String UNIFIED = "retail.customers.unified.v1";
    static final String COMMANDS = "retail.promotions.commands.v1";
    static final String MERGES = "retail.customers.merges.v1";
    static final String EVENTS = "retail.promotions.events.v1";
    static final String CROCKFORD_GROUPS = "-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}";
    static final TestProducer producer = TestProducer.shared();

    @Test
    void aFirstPurchaseEarnsOneWelcomeCouponWhoseCodeIsRedeemedOnALaterOrder() {
        String customerId = UUID.randomUUID().toString();
        try (TopicProbe events = TopicProbe.from(EVENTS)) {
            CustomerEvent first = purchase(customerId, true, List.of());
            producer.send(UNIFIED, customerId, first);

            TopicProbe.Received issuedRecord = awaitEvent(events, customerId, PromotionEventType.COUPON_ISSUED);
            assertThat(issuedRecord.key()).isEqualTo(customerId);
            PromotionEvent issued = (PromotionEvent) issuedRecord.value();
            String code = issued.getCouponCode();
            assertThat(code).matches("WEL" + CROCKFORD_GROUPS);
            assertThat(issued.getCampaignId()).isEqualTo("welcome-10");
            assertThat(issued.getReference()).isEqualTo(first.getPurchase().getOrderId());
            assertThat(issued.getDiscount().getKind()).isEqualTo(DiscountKind.PERCENT);
            assertThat(issued.getDiscount().getValue()).isEqualByComparingTo("10");
            assertThat(issued.getDiscount().getCurrency()).isNull();
            assertThat(Duration.between(issued.getValidFrom(), issued.getValidUntil())).isEqualTo(Duration.ofDays(30));
            assertThat(issued.getMetadata().getCausationId()).isEqualTo(first.getMetadata().getEventId());
            assertThat(issued.getMetadata().getCorrelationId()).isEqualTo(first.getMetadata().getCorrelationId());

            // the same record again (a redelivery), then another "first" purchase under its own eventId
            producer.send(UNIFIED, customerId, first);
            producer.send(UNIFIED, customerId, purchase(customerId, true, List.of()));
            assertThat(ofType(events.collect(QUIET), customerId, PromotionEventType.COUPON_ISSUED)).hasSize(1);
            as(ASSOCIATE).get("/promotions/customers/" + customerId + "/coupons").then().statusCode(200)
                    .body("$", hasSize(1))
                    .body("[0].code", equalTo(code))
                    .body("[0].campaignId", equalTo("welcome-10"))
                    .body("[0].status", equalTo("ISSUED"));

            CustomerEvent redeeming = purchase(customerId, false, List.of(code));
            producer.send(UNIFIED, customerId, redeeming);
            PromotionEvent redeemed = (PromotionEvent) awaitEvent(events, customerId, PromotionEventType.COUPON_REDEEMED).value();
            assertThat(redeemed.getCouponCode()).isEqualTo(code);
            assertThat(redeemed.getReference()).isEqualTo(redeeming.getPurchase().getOrderId());
            assertThat(redeemed.getMetadata().getCausationId()).isEqualTo(redeeming.getMetadata().getEventId());

            // one customer's events keep their order: all sent before the redemption have been applied by now
            assertThat(ofType(events.collect(Duration.ZERO), customerId, PromotionEventType.COUPON_ISSUED)).hasSize(1);
            as(ASSOCIATE).get("/promotions/customers/" + customerId + "/coupons").then().statusCode(200)
                    .body("$", hasSize(1))
                    .body("[0].status", equalTo("REDEEMED"))
                    .body("[0].redeemedOrderId", equalTo(redeeming.getPurchase().getOrderId()));

            // the code used again on another order is not redeemed a second time
            producer.send(UNIFIED, customerId, purchase(customerId, false, List.of(code)));
            assertThat(ofType(events.collect(QUIET), customerId, PromotionEventType.COUPON_REDEEMED)).hasSize(1);
        }
    }

    @Test
    void aCancelledOrderRevokesTheUnusedCouponIssuedForItReleasesTheOneRedeemedOnItAndTheRealFirstPurchaseEarnsAgain() {
        String customerId = UUID.randomUUID().toString();
        try (TopicProbe events = TopicProbe.from(EVENTS)) {
            CustomerEvent first = purchase(customerId, true, List.of());
            producer.send(UNIFIED, customerId, first);
            String welcome = ((PromotionEvent) awaitEvent(events, customerId, PromotionEventType.COUPON_ISSUED).value()).getCouponCode();

            producer.send(UNIFIED, customerId, cancellation(customerId, first.getPurchase().getOrderId()));
            PromotionEvent revoked = (PromotionEvent) awaitEvent(events, customerId, PromotionEventType.COUPON_REVOKED).value();
            assertThat(revoked.getCouponCode()).isEqualTo(welcome);
            assertThat(revoked.getReference()).isEqualTo(first.getPurchase().getOrderId());
            as(ASSOCIATE).get("/promotions/customers/" + customerId + "/coupons").then().statusCode(200)
                    .body("$", hasSize(1)).body("[0].status", equalTo("REVOKED"));

            // the customer's real first purchase earns a welcome coupon (the revoked one does not count to the cap)
            CustomerEvent realFirst = purchase(customerId, true, List.of());
            producer.send(UNIFIED, customerId, realFirst);
            String second = ((PromotionEvent) events.await(r -> r.value() instanceof PromotionEvent e && e.getCustomerId().equals(customerId)
                    && e.getType() == PromotionEventType.COUPON_ISSUED && !e.getCouponCode().equals(welcome), WAIT).value()).getCouponCode();

            // redeemed on an order that is then cancelled: usable again
            CustomerEvent redeeming = purchase(customerId, false, List.of(second));
            producer.send(UNIFIED, customerId, redeeming);
            awaitEvent(events, customerId, PromotionEventType.COUPON_REDEEMED);
            producer.send(UNIFIED, customerId, cancellation(customerId, redeeming.getPurchase().getOrderId()));
            producer.send(UNIFIED, customerId, cancellation(customerId, redeeming.getPurchase().getOrderId()));
            PromotionEvent released = (PromotionEvent) awaitEvent(events, customerId, PromotionEventType.COUPON_RELEASED).value();
            assertThat(released.getCouponCode()).isEqualTo(second);
            assertThat(ofType(events.collect(QUIET), customerId, PromotionEventType.COUPON_RELEASED)).as("once").hasSize(1);
            as(ASSOCIATE).get("/promotions/customers/" + customerId + "/coupons").then().statusCode(200)
                    .body("find { it.code == '" + second + "' }.status", equalTo("ISSUED"));
        }
    }

    @Test
    void anOfferCommandIssuesAtMostOneCouponPerCommandWithinTheCapAndAnUnknownCampaignIsDeadLettered() {
        String customerId = UUID.randomUUID().toString();
        try (TopicProbe events = TopicProbe.from(EVENTS); TopicProbe dlq = TopicProbe.from(COMMANDS + ".dlq")) {
            OfferCommand command = offer(customerId, "store-visit-500", UUID.randomUUID().toString());
            producer.send(COMMANDS, customerId, command);

            PromotionEvent issued = (PromotionEvent) awaitEvent(events, customerId, PromotionEventType.COUPON_ISSUED).value();
            assertThat(issued.getCampaignId()).isEqualTo("store-visit-500");
            assertThat(issued.getCouponCode()).matches("STV" + CROCKFORD_GROUPS);
            assertThat(issued.getReference()).isEqualTo(command.getCommandId());
            assertThat(issued.getDiscount().getKind()).isEqualTo(DiscountKind.FIXED_AMOUNT);
            assertThat(issued.getDiscount().getValue()).isEqualByComparingTo("500");
            assertThat(issued.getDiscount().getCurrency()).isEqualTo("JPY");
            assertThat(issued.getMetadata().getCausationId()).isEqualTo(command.getMetadata().getEventId());

            // the same command under a new eventId (business idempotency), a second command (cap 1), an unknown campaign
            producer.send(COMMANDS, customerId, offer(customerId, "store-visit-500", command.getCommandId()));
            producer.send(COMMANDS, customerId, offer(customerId, "store-visit-500", UUID.randomUUID().toString()));
            OfferCommand unknown = offer(customerId, "no-such-campaign", UUID.randomUUID().toString());
            producer.send(COMMANDS, customerId, unknown);

            TopicProbe.Received dead = dlq.await(r -> customerId.equals(r.key()), WAIT);
            assertThat(dead.headers()).containsEntry("dlq.consumer", "promotions");
            assertThat(dead.headers().get("dlq.reason")).contains("no-such-campaign");
            assertThat(((OfferCommand) dead.value()).getCommandId()).isEqualTo(unknown.getCommandId());

            assertThat(ofType(events.collect(QUIET), customerId, PromotionEventType.COUPON_ISSUED)).hasSize(1);
            as(ASSOCIATE).get("/promotions/customers/" + customerId + "/coupons").then().statusCode(200)
                    .body("$", hasSize(1)).body("[0].issuedFor", equalTo(command.getCommandId()));
        }
    }

    @Test
    void aFirstPurchaseAndAnOfferOfTheSameCampaignArrivingTogetherIssueNoMoreThanTheCap() {
        List<String> customers = java.util.stream.IntStream.range(0, 60).mapToObj(i -> UUID.randomUUID().toString()).toList();
        try (TopicProbe events = TopicProbe.from(EVENTS)) {
            // two topics, two channels, one campaign with a cap of 1: only the customer's lock keeps both from counting 0
            for (String customerId : customers) {
                producer.send(UNIFIED, customerId, purchase(customerId, true, List.of()));
                producer.send(COMMANDS, customerId, offer(customerId, "welcome-10", UUID.randomUUID().toString()));
            }
            for (String customerId : customers) {
                awaitEvent(events, customerId, PromotionEventType.COUPON_ISSUED);
            }
            List<TopicProbe.Received> received = events.collect(QUIET);
            assertThat(customers).allSatisfy(customerId -> assertThat(ofType(received, customerId, PromotionEventType.COUPON_ISSUED))
                    .as("welcome coupons of %s", customerId).hasSize(1));
        }
    }

    @Test
    void aMergeMovesCouponsToTheSurvivorWhoseCapCountsThem() {
        String survivor = UUID.randomUUID().toString();
        String merged = UUID.randomUUID().toString();
        try (TopicProbe events = TopicProbe.from(EVENTS)) {
            producer.send(UNIFIED, merged, purchase(merged, true, List.of()));
            String code = ((PromotionEvent) awaitEvent(events, merged, PromotionEventType.COUPON_ISSUED).value()).getCouponCode();

            producer.send(MERGES, survivor, IdentityMerged.newBuilder()
                    .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "test:promotions"))
                    .setSurvivorCustomerId(survivor)
                    .setMergedCustomerIds(List.of(merged))
                    .setMatchedOn(List.of())
                    .setReason("test merge")
                    .build());
            await().atMost(WAIT).untilAsserted(() -> as(ASSOCIATE).get("/promotions/customers/" + survivor + "/coupons")
                    .then().statusCode(200).body("$", hasSize(1)).body("[0].code", equalTo(code)));
            as(ASSOCIATE).get("/promotions/customers/" + merged + "/coupons").then().statusCode(200).body("$", hasSize(0));

            // the survivor now holds a welcome coupon: a "first" purchase of its own earns none
            producer.send(UNIFIED, survivor, purchase(survivor, true, List.of()));
            assertThat(ofType(events.collect(QUIET), survivor, PromotionEventType.COUPON_ISSUED)).isEmpty();
        }
    }

    @Test
    void campaignsAreListedAndAnUnknownOneIsAProblem() {
        as(MANAGER).get("/promotions/campaigns").then().statusCode(200)
                .body("find { it.campaignId == 'welcome-10' }.kind", equalTo("WELCOME"))
                .body("find { it.campaignId == 'welcome-10' }.perCustomerCap", equalTo(1))
                .body("find { it.campaignId == 'store-visit-500' }.discount.currency", equalTo("JPY"));
        as(MANAGER).get("/promotions/campaigns/no-such-campaign").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        as(ASSOCIATE).get("/promotions/coupons/WEL-00000-00000").then().statusCode(404)
                .contentType("application/problem+json");
    }

    static TopicProbe.Received awaitEvent(TopicProbe events, String customerId, PromotionEventType type) {
        return events.await(r -> r.value() instanceof PromotionEvent e && e.getCustomerId().equals(customerId)
                && e.getType() == type, WAIT);
    }

    static List<PromotionEvent> ofType(List<TopicProbe.Received> received, String customerId, PromotionEventType type) {
        return received.stream()
                .filter(r -> r.value() instanceof PromotionEvent e && e.getCustomerId().equals(customerId) && e.getType() == type)
                .map(r -> (PromotionEvent) r.value())
                .toList();
    }

    static CustomerEvent purchase(String customerId, boolean first, List<String> couponCodes) {
        return purchase(customerId, first, couponCodes, TouchpointChannel.ONLINE_SHOPIFY);
    }

    static CustomerEvent purchase(String customerId, boolean first, List<String> couponCodes, TouchpointChannel channel) {
        String id = UUID.randomUUID().toString();
        String orderId = "order-" + id;
        return CustomerEvent.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test:promotions"))
                .setCustomerId(customerId)
                .setTouchpointId(id)
                .setType(TouchpointType.PURCHASE)
                .setChannel(channel)
                .setSourceSystem("test")
                .setSourceReference(orderId)
                .setPurchase(PurchaseDetails.newBuilder()
                        .setOrderId(orderId)
                        .setOrderNumber(orderId)
                        .setTotal(Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(5_000).setScale(4)).build())
                        .setLines(List.of())
                        .setPlacedAt(Instant.now())
                        .setCouponCodes(couponCodes)
                        .build())
                .setIsFirstPurchase(first)
                .build();
    }

    static CustomerEvent cancellation(String customerId, String orderId) {
        String id = UUID.randomUUID().toString();
        return CustomerEvent.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test:promotions"))
                .setCustomerId(customerId)
                .setTouchpointId(id)
                .setType(TouchpointType.ORDER_CANCELLED)
                .setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                .setSourceSystem("test")
                .setSourceReference(orderId)
                .setOrder(OrderStatus.newBuilder().setOrderId(orderId).setFinancialStatus(FinancialStatus.REFUNDED)
                        .setFulfillmentStatus(OrderFulfillmentStatus.UNFULFILLED).setCancelledAt(Instant.now())
                        .setCancelReason("customer").build())
                .build();
    }

    static OfferCommand offer(String customerId, String campaignId, String commandId) {
        return OfferCommand.newBuilder()
                .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "test:promotions"))
                .setCommandId(commandId)
                .setCustomerId(customerId)
                .setCampaignId(campaignId)
                .setReason("cross-promotion online to store")
                .setJourneyId("cross-channel-promotion@1")
                .setJourneyInstanceId(UUID.randomUUID().toString())
                .build();
    }
}
