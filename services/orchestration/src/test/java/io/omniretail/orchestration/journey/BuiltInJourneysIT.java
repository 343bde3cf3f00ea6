package io.omniretail.orchestration.journey;

import static io.omniretail.orchestration.journey.JourneyEvents.checkout;
import static io.omniretail.orchestration.journey.JourneyEvents.product;
import static io.omniretail.orchestration.journey.JourneyEvents.subscribed;
import static io.omniretail.orchestration.journey.JourneyEvents.bonus;
import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.CustomerTraits;
import io.omniretail.events.customer.OpenCheckout;
import io.omniretail.events.customer.SegmentChange;
import io.omniretail.events.customer.SegmentMembershipChanged;
import io.omniretail.events.customer.ProfileStats;
import io.omniretail.events.journey.Escalation;
import io.omniretail.events.journey.EscalationPriority;
import io.omniretail.events.journey.OfferCommand;
import io.omniretail.events.journey.RewardCommand;
import io.omniretail.events.journey.ProfileCommand;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.notification.NotificationCancellation;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.events.promotion.Discount;
import io.omniretail.events.promotion.DiscountKind;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.promotion.PromotionEventType;
import io.omniretail.events.touchpoint.AppointmentDetails;
import io.omniretail.events.touchpoint.AppointmentStatus;
import io.omniretail.events.touchpoint.FulfillmentDetails;
import io.omniretail.events.touchpoint.FulfillmentStatus;
import io.omniretail.events.touchpoint.MessageDetails;
import io.omniretail.events.touchpoint.MessageDirection;
import io.omniretail.events.touchpoint.MessageKind;
import io.omniretail.events.touchpoint.ShipmentStatus;
import io.omniretail.events.touchpoint.SurveyDetails;
import io.omniretail.events.touchpoint.SurveyKind;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every built-in journey (journeys/built-in/*.yaml) driven by real events through the stack to its actions on their
 * topics, the answers of loyalty and promotions played by the test. Waits of hours or days are made due by moving the
 * instance's wake time to now, which is what the passing of time does to the durable timer.
 */
@QuarkusTest
class BuiltInJourneysIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestProducer producer = TestProducer.shared();
    static final String UNIFIED = "retail.customers.unified.v1";
    static final String LOYALTY = "retail.loyalty.events.v1";
    static final String PROMOTIONS = "retail.promotions.events.v1";
    static final String CATALOG = "retail.catalog.products.v1";

    @Test
    void welcomeGrantsTheSignUpBonusOnceAndWelcomesWithThePoints() {
        String customer = UUID.randomUUID().toString();
        try (TopicProbe requests = probe("retail.notifications.requests.v1"); TopicProbe rewards = probe("retail.loyalty.commands.v1")) {
            CustomerEvent signup = JourneyEvents.event(customer, TouchpointType.SIGNUP);
            producer.send(UNIFIED, customer, signup);
            RewardCommand reward = awaitRecord(rewards, RewardCommand.class, c -> c.getCustomerId().equals(customer));
            assertThat(reward.getPoints()).isEqualTo(200);
            assertThat(reward.getReason()).isEqualTo("sign-up bonus");
            producer.send(LOYALTY, customer, bonus(customer, reward.getMetadata(), reward.getCommandId(), 200, "sign-up bonus"));
            NotificationRequest welcome = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(customer));
            assertThat(welcome.getTemplateId()).isEqualTo("welcome");
            assertThat(welcome.getParameters()).containsEntry("bonusPoints", "200").containsEntry("pointsBalance", "200");

            producer.send(UNIFIED, customer, JourneyEvents.event(customer, TouchpointType.SIGNUP));
            assertThat(rewards.collect(Duration.ofSeconds(3))).as("re-entry never: one bonus per member")
                    .filteredOn(r -> r.value() instanceof RewardCommand c && c.getCustomerId().equals(customer)).hasSize(1);
        }
    }

    @Test
    void cartAbandonmentRemindsThenOffersACouponAndAPurchaseEndsItMidWait() {
        String customer = UUID.randomUUID().toString();
        String buyer = UUID.randomUUID().toString();
        try (TopicProbe requests = probe("retail.notifications.requests.v1"); TopicProbe offers = probe("retail.promotions.commands.v1")) {
            CustomerEvent checkout = checkout(customer);
            producer.send(UNIFIED, customer, checkout);
            producer.send(UNIFIED, buyer, checkout(buyer));
            awaitStep(customer, "cart-abandonment", "first-wait");
            awaitStep(buyer, "cart-abandonment", "first-wait");
            producer.send(UNIFIED, buyer, JourneyEvents.purchase(buyer, "order-" + UUID.randomUUID()));
            awaitState(buyer, "cart-abandonment", "EXITED");

            fastForward(customer, "cart-abandonment");
            fastForward(buyer, "cart-abandonment");
            NotificationRequest first = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(customer));
            assertThat(first.getTemplateId()).isEqualTo("cart-reminder");
            assertThat(first.getParameters()).containsEntry("recoveryUrl", "https://shop.example.jp/cart/recover/" + customer)
                    .containsEntry("cartTotal", "4400 JPY");
            awaitStep(customer, "cart-abandonment", "second-wait");
            fastForward(customer, "cart-abandonment");
            OfferCommand offer = awaitRecord(offers, OfferCommand.class, c -> c.getCustomerId().equals(customer));
            assertThat(offer.getCampaignId()).isEqualTo("cart-recovery-10");
            producer.send(PROMOTIONS, customer, coupon(customer, offer.getMetadata(), "cart-recovery-10", "CRT-ABCDE", offer.getCommandId()));
            NotificationRequest second = awaitRecord(requests, NotificationRequest.class,
                    n -> n.getCustomerId().equals(customer) && n.getTemplateId().equals("cart-reminder-coupon"));
            assertThat(second.getParameters()).containsEntry("couponCode", "CRT-ABCDE").containsEntry("discount", "10%");
            assertThat(requests.collect(Duration.ofSeconds(3))).as("the buyer hears nothing, even with their wait made due")
                    .noneMatch(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(buyer));
        }
    }

    @Test
    void aCartLikelyToCompleteGetsTheSecondReminderWithoutACoupon() {
        String confident = UUID.randomUUID().toString();
        producer.send("retail.customers.profiles.v1", confident, CustomerProfile.newBuilder(profile(confident, List.of(), null))
                .setTraits(CustomerTraits.newBuilder().setSegments(List.of()).setCart(OpenCheckout.newBuilder()
                        .setCheckoutToken("ck-" + confident).setChannel("ONLINE_SHOPIFY").setLastActivityAt(Instant.now())
                        .setAbandonmentRisk(0.12).setIdleHours(24.0).build()).build()).build());
        await().atMost(WAIT).until(() -> known(confident));
        try (TopicProbe requests = probe("retail.notifications.requests.v1"); TopicProbe offers = probe("retail.promotions.commands.v1")) {
            producer.send(UNIFIED, confident, checkout(confident));
            awaitStep(confident, "cart-abandonment", "first-wait");
            fastForward(confident, "cart-abandonment");
            awaitStep(confident, "cart-abandonment", "second-wait");
            fastForward(confident, "cart-abandonment");
            awaitState(confident, "cart-abandonment", "COMPLETED");
            List<TopicProbe.Received> sent = requests.collect(Duration.ofSeconds(1));
            assertThat(sent).filteredOn(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(confident))
                    .extracting(r -> ((NotificationRequest) r.value()).getTemplateId()).containsExactly("cart-reminder", "cart-reminder");
            assertThat(offers.collect(Duration.ZERO)).as("no coupon for a cart that completes anyway")
                    .noneMatch(r -> r.value() instanceof OfferCommand c && c.getCustomerId().equals(confident));
        }
    }

    @Test
    void aPurchaseAfterTheFirstReminderWithdrawsItSoNotificationsDropsItIfStillHeld() {
        String customer = UUID.randomUUID().toString();
        try (TopicProbe requests = probe("retail.notifications.requests.v1");
                TopicProbe withdrawals = probe("retail.notifications.cancellations.v1")) {
            producer.send(UNIFIED, customer, checkout(customer));
            awaitStep(customer, "cart-abandonment", "first-wait");
            fastForward(customer, "cart-abandonment");
            NotificationRequest first = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(customer));
            awaitStep(customer, "cart-abandonment", "second-wait");

            producer.send(UNIFIED, customer, JourneyEvents.purchase(customer, "order-" + UUID.randomUUID()));

            NotificationCancellation withdrawal = awaitRecord(withdrawals, NotificationCancellation.class, c -> c.getCustomerId().equals(customer));
            assertThat(withdrawal.getNotificationId()).isEqualTo(first.getNotificationId());
            assertThat(withdrawal.getReason()).isEqualTo("journey cart-abandonment@2 exited");
            assertThat(withdrawal.getMetadata().getCorrelationId()).isEqualTo(first.getMetadata().getCorrelationId());
            assertThat(withdrawals.collect(Duration.ofSeconds(2))).as("one withdrawal: the only notification that went out")
                    .filteredOn(r -> r.value() instanceof NotificationCancellation c && c.getCustomerId().equals(customer)).hasSize(1);
        }
    }

    @Test
    void reviewRequestAsksAWeekLaterAndRewardsTheAnswer() {
        String customer = UUID.randomUUID().toString();
        try (TopicProbe requests = probe("retail.notifications.requests.v1"); TopicProbe rewards = probe("retail.loyalty.commands.v1")) {
            producer.send(UNIFIED, customer, JourneyEvents.purchase(customer, "order-" + UUID.randomUUID()));
            awaitStep(customer, "review-request", "settle");
            fastForward(customer, "review-request");
            NotificationRequest ask = awaitRecord(requests, NotificationRequest.class,
                    n -> n.getCustomerId().equals(customer) && n.getTemplateId().equals("review-request"));
            assertThat(ask.getParameters()).containsEntry("orderNumber", "#1001").containsEntry("rewardPoints", "100");
            CustomerEvent answer = CustomerEvent.newBuilder(JourneyEvents.event(customer, TouchpointType.SURVEY_RESPONSE))
                    .setSurvey(SurveyDetails.newBuilder().setSurveyId("s-1").setResponseId(UUID.randomUUID().toString())
                            .setKind(SurveyKind.REVIEW).setScore(5).setScaleMax(5).build()).build();
            producer.send(UNIFIED, customer, answer);
            RewardCommand reward = awaitRecord(rewards, RewardCommand.class, c -> c.getCustomerId().equals(customer));
            assertThat(reward.getReason()).isEqualTo("survey reward");
            producer.send(LOYALTY, customer, bonus(customer, reward.getMetadata(), reward.getCommandId(), 100, "survey reward"));
            NotificationRequest thanks = awaitRecord(requests, NotificationRequest.class,
                    n -> n.getCustomerId().equals(customer) && n.getTemplateId().equals("survey-thanks"));
            assertThat(thanks.getParameters()).containsEntry("rewardPoints", "100");
        }
    }

    @Test
    void bopisSaysReadyRemindsWhenNotCollectedAndNotAfterCollection() {
        String waits = UUID.randomUUID().toString();
        String collects = UUID.randomUUID().toString();
        try (TopicProbe requests = probe("retail.notifications.requests.v1")) {
            producer.send(UNIFIED, waits, pickup(waits, "f-" + waits, FulfillmentStatus.OPEN, ShipmentStatus.READY_FOR_PICKUP));
            producer.send(UNIFIED, collects, pickup(collects, "f-" + collects, FulfillmentStatus.OPEN, ShipmentStatus.READY_FOR_PICKUP));
            NotificationRequest ready = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(waits));
            assertThat(ready.getTemplateId()).isEqualTo("bopis-ready");
            assertThat(ready.getParameters()).containsEntry("orderNumber", "order-" + waits).containsEntry("store", "store-042");
            producer.send(UNIFIED, collects, pickup(collects, "f-" + collects, FulfillmentStatus.SUCCESS, ShipmentStatus.PICKED_UP));
            awaitState(collects, "bopis-pickup", "EXITED");

            fastForward(waits, "bopis-pickup");
            fastForward(collects, "bopis-pickup");
            awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(waits) && n.getTemplateId().equals("bopis-reminder"));
            assertThat(requests.collect(Duration.ofSeconds(3))).noneMatch(r -> r.value() instanceof NotificationRequest n
                    && n.getCustomerId().equals(collects) && n.getTemplateId().equals("bopis-reminder"));
        }
    }

    @Test
    void appointmentRemindersComeTheDayBeforeAndTwoHoursBefore() {
        String customer = UUID.randomUUID().toString();
        Instant startsAt = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        try (TopicProbe requests = probe("retail.notifications.requests.v1")) {
            CustomerEvent booked = CustomerEvent.newBuilder(JourneyEvents.event(customer, TouchpointType.APPOINTMENT_BOOKED))
                    .setAppointment(AppointmentDetails.newBuilder().setAppointmentId("a-" + customer).setStatus(AppointmentStatus.BOOKED)
                            .setStartsAt(startsAt).setService("Styling consultation").setAdvisor("Aoi").build()).build();
            producer.send(UNIFIED, customer, booked);
            NotificationRequest dayBefore = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(customer));
            assertThat(dayBefore.getTemplateId()).as("the day before is already past: at once").isEqualTo("appointment-reminder");
            assertThat(dayBefore.getParameters()).containsEntry("service", "Styling consultation").containsEntry("advisor", "Aoi");
            awaitStep(customer, "appointment-reminder", "two-hours-before");
            assertThat(requests.collect(Duration.ofSeconds(2))).as("two hours before is an hour away: only the first so far")
                    .filteredOn(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(customer)).hasSize(1);
            fastForward(customer, "appointment-reminder");
            await().atMost(WAIT).untilAsserted(() -> assertThat(requests.collect(Duration.ofMillis(500)))
                    .filteredOn(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(customer)).hasSize(2));
        }
    }

    @Test
    void aDeliveryProblemGoesToCustomerCareAndTheCustomerIsTold() {
        String customer = UUID.randomUUID().toString();
        try (TopicProbe requests = probe("retail.notifications.requests.v1"); TopicProbe escalations = probe("retail.journeys.escalations.v1")) {
            producer.send(UNIFIED, customer, pickup(customer, "f-" + customer, FulfillmentStatus.FAILURE, ShipmentStatus.FAILURE));
            Escalation escalation = awaitRecord(escalations, Escalation.class, e -> e.getCustomerId().equals(customer));
            assertThat(escalation.getQueue()).isEqualTo("care-desk");
            assertThat(escalation.getPriority()).isEqualTo(EscalationPriority.HIGH);
            assertThat(escalation.getSummary()).isEqualTo("Delivery problem for order order-" + customer + ": FAILURE (Yamato)");
            assertThat(escalation.getReference()).isEqualTo("order-" + customer);
            assertThat(awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(customer)).getTemplateId())
                    .isEqualTo("delivery-problem");
        }
    }

    @Test
    void winBackOffersLapsingAndAtRiskCustomersACouponOnceAndTagsThemButNotTheControlGroup() {
        String treated = customerWhere(id -> !ControlGroup.contains("omniretail", "win-back", id, 10));
        String atRisk = customerWhere(id -> !ControlGroup.contains("omniretail", "win-back", id, 10));
        String control = customerWhere(id -> ControlGroup.contains("omniretail", "win-back", id, 10));
        try (TopicProbe requests = probe("retail.notifications.requests.v1"); TopicProbe offers = probe("retail.promotions.commands.v1");
                TopicProbe tags = probe("retail.customers.commands.v1")) {
            SegmentMembershipChanged lapsing = segment(treated, "lapsing", SegmentChange.ENTERED);
            producer.send("retail.customers.segments.v1", treated, lapsing);
            producer.send("retail.customers.segments.v1", control, segment(control, "lapsing", SegmentChange.ENTERED));
            OfferCommand offer = awaitRecord(offers, OfferCommand.class, c -> c.getCustomerId().equals(treated));
            assertThat(offer.getCampaignId()).isEqualTo("win-back-15");
            producer.send(PROMOTIONS, treated, coupon(treated, offer.getMetadata(), "win-back-15", "WIN-ABCDE", offer.getCommandId()));
            NotificationRequest invite = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(treated));
            assertThat(invite.getTemplateId()).isEqualTo("winback-offer");
            assertThat(invite.getParameters()).containsEntry("couponCode", "WIN-ABCDE");
            ProfileCommand mark = awaitRecord(tags, ProfileCommand.class, c -> c.getCustomerId().equals(treated) && !c.getAddTags().isEmpty());
            assertThat(mark.getAddTags()).containsExactly("win-back-offered");
            assertThat(mark.getJourneyId()).as("version 3 added the at-risk audience").isEqualTo("win-back@3");
            ProfileCommand remember = awaitRecord(tags, ProfileCommand.class, c -> c.getCustomerId().equals(treated)
                    && !c.getSetAttributes().isEmpty());
            assertThat(remember.getSetAttributes()).containsOnlyKeys("lastWinBackOffer");
            assertThat(remember.getSetAttributes().get("lastWinBackOffer")).matches("\\d{4}-\\d{2}-\\d{2}");
            awaitState(control, "win-back", "CONTROL");

            producer.send("retail.customers.segments.v1", atRisk, segment(atRisk, "at-risk", SegmentChange.ENTERED));
            assertThat(awaitRecord(offers, OfferCommand.class, c -> c.getCustomerId().equals(atRisk)).getCampaignId())
                    .as("a churn risk over 0.7 brings the same offer").isEqualTo("win-back-15");
            producer.send("retail.customers.segments.v1", treated, segment(treated, "at-risk", SegmentChange.ENTERED));
            List<TopicProbe.Received> all = offers.collect(Duration.ofSeconds(2));
            assertThat(all).as("lapsing and then at risk: one offer in the cool-down")
                    .filteredOn(r -> r.value() instanceof OfferCommand c && c.getCustomerId().equals(treated)).hasSize(1);
            assertThat(all).noneMatch(r -> r.value() instanceof OfferCommand c && c.getCustomerId().equals(control));
        }
    }

    @Test
    void theBirthdayMonthBringsBirthdayPointsAndWishesWithThemOnceAYear() {
        String customer = UUID.randomUUID().toString();
        try (TopicProbe requests = probe("retail.notifications.requests.v1"); TopicProbe rewards = probe("retail.loyalty.commands.v1")) {
            producer.send("retail.customers.profiles.v1", customer, CustomerProfile.newBuilder(profile(customer, List.of("birthday-month"), null))
                    .setFirstName("Hana").build());
            await().atMost(WAIT).until(() -> known(customer));
            SegmentMembershipChanged birthdayMonth = segment(customer, "birthday-month", SegmentChange.ENTERED);
            producer.send("retail.customers.segments.v1", customer, birthdayMonth);

            RewardCommand gift = awaitRecord(rewards, RewardCommand.class, c -> c.getCustomerId().equals(customer));
            assertThat(gift.getPoints()).isEqualTo(300);
            assertThat(gift.getReason()).isEqualTo("birthday gift");
            producer.send(LOYALTY, customer, bonus(customer, gift.getMetadata(), gift.getCommandId(), 300, "birthday gift"));
            NotificationRequest wishes = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(customer));
            assertThat(wishes.getTemplateId()).isEqualTo("birthday-gift");
            assertThat(wishes.getParameters()).containsEntry("firstName", "Hana").containsEntry("bonusPoints", "300")
                    .containsEntry("pointsBalance", "300");
            awaitState(customer, "birthday-gift", "COMPLETED");

            producer.send("retail.customers.segments.v1", customer, segment(customer, "birthday-month", SegmentChange.LEFT));
            producer.send("retail.customers.segments.v1", customer, segment(customer, "birthday-month", SegmentChange.ENTERED));
            assertThat(rewards.collect(Duration.ofSeconds(3))).as("the cool-down outlasts the month: one gift a year")
                    .filteredOn(r -> r.value() instanceof RewardCommand c && c.getCustomerId().equals(customer)).hasSize(1);
        }
    }

    @Test
    void backInStockTellsTheSubscriberWhenTheirVariantHasUnitsAgainAndNotBefore() {
        String customer = UUID.randomUUID().toString();
        String buyer = UUID.randomUUID().toString();
        String sku = "TEE-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicProbe requests = probe("retail.notifications.requests.v1")) {
            producer.send(UNIFIED, customer, subscribed(customer, TouchpointType.BACK_IN_STOCK_SUBSCRIBED, sku, 2_980));
            producer.send(UNIFIED, buyer, subscribed(buyer, TouchpointType.BACK_IN_STOCK_SUBSCRIBED, sku, 2_980));
            awaitStep(customer, "back-in-stock", "restocked");
            awaitStep(buyer, "back-in-stock", "restocked");
            producer.send(UNIFIED, buyer, JourneyEvents.purchaseOf(buyer, sku));
            awaitState(buyer, "back-in-stock", "EXITED");

            producer.send(CATALOG, sku, product(sku, 2_980, 0L));
            assertThat(requests.collect(Duration.ofSeconds(2))).as("still sold out: nothing yet")
                    .noneMatch(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(customer));
            producer.send(CATALOG, sku, product(sku, 2_980, 12L));

            NotificationRequest back = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(customer));
            assertThat(back.getTemplateId()).isEqualTo("back-in-stock");
            assertThat(back.getParameters()).containsEntry("productTitle", "Organic cotton tee - White / M")
                    .containsEntry("productUrl", "https://demo-shop.myshopify.com/products/organic-cotton-tee");
            awaitState(customer, "back-in-stock", "COMPLETED");
            assertThat(requests.collect(Duration.ofSeconds(2))).as("the buyer already has it")
                    .noneMatch(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(buyer));
        }
    }

    @Test
    void priceDropTellsTheWatcherOnlyWhenThePriceFallsBelowTheOneTheySaw() {
        String customer = UUID.randomUUID().toString();
        String sku = "TEE-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicProbe requests = probe("retail.notifications.requests.v1")) {
            producer.send(UNIFIED, customer, subscribed(customer, TouchpointType.PRICE_DROP_SUBSCRIBED, sku, 3_980));
            awaitStep(customer, "price-drop", "dropped");
            producer.send(CATALOG, sku, product(sku, 3_980, 5L));
            producer.send(CATALOG, sku, product(sku, 4_200, 5L));
            assertThat(requests.collect(Duration.ofSeconds(2))).as("the same price, then a higher one: nothing")
                    .noneMatch(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(customer));
            producer.send(CATALOG, sku, product(sku, 2_980, 5L));

            NotificationRequest drop = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(customer));
            assertThat(drop.getTemplateId()).isEqualTo("price-drop");
            assertThat(drop.getParameters()).containsEntry("oldPrice", "3980 JPY").containsEntry("newPrice", "2980 JPY")
                    .containsEntry("productTitle", "Organic cotton tee - White / M");
        }
    }

    @Test
    void crossChannelPromotionSendsOnlineOnlyShoppersToTheStoreAndStoreOnlyShoppersOnline() {
        String online = UUID.randomUUID().toString();
        String store = UUID.randomUUID().toString();
        try (TopicProbe requests = probe("retail.notifications.requests.v1"); TopicProbe offers = probe("retail.promotions.commands.v1")) {
            producer.send("retail.customers.segments.v1", online, segment(online, "online-only", SegmentChange.ENTERED));
            producer.send("retail.customers.segments.v1", store, segment(store, "store-only", SegmentChange.ENTERED));
            awaitStep(online, "cross-channel-store", "settle");
            awaitStep(store, "cross-channel-online", "settle");
            fastForward(online, "cross-channel-store");
            fastForward(store, "cross-channel-online");
            OfferCommand storeOffer = awaitRecord(offers, OfferCommand.class, c -> c.getCustomerId().equals(online));
            OfferCommand onlineOffer = awaitRecord(offers, OfferCommand.class, c -> c.getCustomerId().equals(store));
            assertThat(storeOffer.getCampaignId()).isEqualTo("store-visit-500");
            assertThat(onlineOffer.getCampaignId()).isEqualTo("online-visit-500");
            producer.send(PROMOTIONS, online, coupon(online, storeOffer.getMetadata(), "store-visit-500", "STV-ABCDE", storeOffer.getCommandId()));
            NotificationRequest invite = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(online));
            assertThat(invite.getTemplateId()).isEqualTo("store-offer");
            assertThat(invite.getParameters()).containsEntry("discount", "10%");
        }
    }

    @Test
    void aTierUpgradeIsCongratulatedAndADowngradeIsNot() {
        String up = UUID.randomUUID().toString();
        String down = UUID.randomUUID().toString();
        try (TopicProbe requests = probe("retail.notifications.requests.v1")) {
            producer.send(LOYALTY, down, tierChanged(down, "SILVER", "GOLD"));
            producer.send(LOYALTY, up, tierChanged(up, "GOLD", "SILVER"));
            NotificationRequest congratulation = awaitRecord(requests, NotificationRequest.class, n -> n.getCustomerId().equals(up));
            assertThat(congratulation.getTemplateId()).isEqualTo("tier-upgrade");
            assertThat(congratulation.getParameters()).containsEntry("tier", "GOLD").containsEntry("previousTier", "SILVER");
            assertThat(requests.collect(Duration.ofSeconds(2))).noneMatch(r -> r.value() instanceof NotificationRequest n
                    && n.getCustomerId().equals(down));
        }
    }

    @Test
    void aVipWhoWritesInGoesToTheirOwnAssociate() {
        String vip = UUID.randomUUID().toString();
        String regular = UUID.randomUUID().toString();
        try (TopicProbe escalations = probe("retail.journeys.escalations.v1")) {
            producer.send("retail.customers.profiles.v1", vip, profile(vip, List.of("vip"), "aoi"));
            producer.send("retail.customers.profiles.v1", regular, profile(regular, List.of(), "aoi"));
            // the profiles are on another topic: write in once orchestration holds them
            await().atMost(WAIT).until(() -> known(vip) && known(regular));
            producer.send(UNIFIED, vip, message(vip, "Is the cashmere coat in my size?"));
            producer.send(UNIFIED, regular, message(regular, "Hello"));
            Escalation escalation = awaitRecord(escalations, Escalation.class, e -> e.getCustomerId().equals(vip));
            assertThat(escalation.getQueue()).isEqualTo("associate:aoi");
            assertThat(escalation.getSummary()).isEqualTo("VIP message: Is the cashmere coat in my size?");
            assertThat(escalations.collect(Duration.ofSeconds(2))).noneMatch(r -> r.value() instanceof Escalation e
                    && e.getCustomerId().equals(regular));
        }
    }

    // ------------------------------------------------------------------ helpers

    static TopicProbe probe(String topic) {
        return TopicProbe.from(topic);
    }

    static <T> T awaitRecord(TopicProbe probe, Class<T> type, Predicate<T> match) {
        return type.cast(probe.await(r -> type.isInstance(r.value()) && match.test(type.cast(r.value())), WAIT).value());
    }

    static void awaitStep(String customerId, String journeyId, String step) {
        await().atMost(WAIT).untilAsserted(() -> as(ADMIN).queryParam("customerId", customerId).get("/journeys").then().statusCode(200)
                .body("findAll { it.journeyId == '%s' }.step".formatted(journeyId), hasItem(step)));
    }

    static void awaitState(String customerId, String journeyId, String state) {
        await().atMost(WAIT).untilAsserted(() -> as(ADMIN).queryParam("customerId", customerId).get("/journeys").then().statusCode(200)
                .body("findAll { it.journeyId == '%s' }.state".formatted(journeyId), hasItem(state)));
    }

    /** Time passes: the customer's waiting instances of the journey are due now. */
    static void fastForward(String customerId, String journeyId) {
        sql("UPDATE journey_instance SET wake_at = now() - interval '1 second' WHERE customer_id = ? AND journey_id = ? AND state = 'ACTIVE' AND wake_at IS NOT NULL",
                customerId, journeyId);
    }

    static boolean known(String customerId) {
        try (Connection db = connection(); PreparedStatement query = db.prepareStatement("SELECT 1 FROM journey_customer WHERE customer_id = ?")) {
            query.setString(1, customerId);
            return query.executeQuery().next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sql(String statement, String... parameters) {
        try (Connection db = connection(); PreparedStatement update = db.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setString(i + 1, parameters[i]);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection connection() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
    }

    static String customerWhere(Predicate<String> condition) {
        while (true) {
            String id = UUID.randomUUID().toString();
            if (condition.test(id)) {
                return id;
            }
        }
    }

    static CustomerEvent pickup(String customer, String fulfillmentId, FulfillmentStatus status, ShipmentStatus progress) {
        return CustomerEvent.newBuilder(JourneyEvents.event(customer, TouchpointType.FULFILLMENT_UPDATED)).setStoreId("store-042")
                .setFulfillment(FulfillmentDetails.newBuilder().setFulfillmentId(fulfillmentId).setOrderId("order-" + customer)
                        .setStatus(status).setShipmentStatus(progress).setCarrier("Yamato").setTrackingNumbers(List.of())
                        .setTrackingUrls(List.of()).setLines(List.of()).build()).build();
    }

    static CustomerEvent message(String customer, String text) {
        return CustomerEvent.newBuilder(JourneyEvents.event(customer, TouchpointType.MESSAGE_RECEIVED))
                .setMessage(MessageDetails.newBuilder().setConversationId("conv-" + customer).setDirection(MessageDirection.INBOUND)
                        .setKind(MessageKind.TEXT).setText(text).setMediaUrls(List.of()).build()).build();
    }

    static LoyaltyEvent tierChanged(String customer, String tier, String previousTier) {
        return LoyaltyEvent.newBuilder().setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "test"))
                .setCustomerId(customer).setType(LoyaltyEventType.TIER_CHANGED).setPointsDelta(0).setBalance(1_500)
                .setTier(tier).setPreviousTier(previousTier).setReference("order-1").setLedgerEntryId(UUID.randomUUID().toString()).build();
    }

    static PromotionEvent coupon(String customer, EventMetadata cause, String campaign, String code, String reference) {
        return PromotionEvent.newBuilder().setMetadata(EventMetadataFactory.causedBy(cause, "coupon", "test", Instant.now()))
                .setCustomerId(customer).setType(PromotionEventType.COUPON_ISSUED).setCampaignId(campaign).setCouponCode(code)
                .setDiscount(Discount.newBuilder().setKind(DiscountKind.PERCENT).setValue(BigDecimal.TEN.setScale(4)).build())
                .setValidFrom(Instant.now()).setValidUntil(Instant.now().plus(Duration.ofDays(7))).setReference(reference).build();
    }

    static SegmentMembershipChanged segment(String customer, String segmentId, SegmentChange change) {
        return SegmentMembershipChanged.newBuilder()
                .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "test"))
                .setCustomerId(customer).setSegmentId(segmentId).setChange(change)
                .setSegments(change == SegmentChange.ENTERED ? List.of(segmentId) : List.of()).setProfileVersion(1).build();
    }

    static CustomerProfile profile(String customer, List<String> segments, String associate) {
        return CustomerProfile.newBuilder()
                .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "test"))
                .setCustomerId(customer).setStats(ProfileStats.newBuilder().build()).setVersion(1)
                .setTraits(CustomerTraits.newBuilder().setAssignedAssociate(associate).setSegments(segments).build()).build();
    }
}
