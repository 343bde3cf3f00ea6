package io.omniretail.customer.resolution;

import static io.omniretail.customer.resolution.IdentityResolutionIT.purchase;
import static io.omniretail.customer.resolution.IdentityResolutionIT.touchpoint;
import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.MANAGER;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.Money;
import io.omniretail.events.customer.ChannelMix;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.SegmentChange;
import io.omniretail.events.customer.SegmentMembershipChanged;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.journey.ProfileCommand;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.notification.NotificationEvent;
import io.omniretail.events.notification.NotificationOutcome;
import io.omniretail.events.promotion.Discount;
import io.omniretail.events.promotion.DiscountKind;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.promotion.PromotionEventType;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.ActivityDetails;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.MessageDetails;
import io.omniretail.events.touchpoint.MessageDirection;
import io.omniretail.events.touchpoint.MessageKind;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.SurveyDetails;
import io.omniretail.events.touchpoint.SurveyKind;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.customer.traits.TraitRefresh;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;

/**
 * The timeline and the traits of one shopper across sources, against the real stack: touchpoints from the web, the
 * shop, a store, SMS and a survey, and the other services' events (loyalty, promotions, returns, notifications) as
 * they publish them; then the traits on the compacted profile after purchases, a refund and a tier change, the RFM
 * scores of the trait refresh, and the clienteling traits associates set.
 */
@QuarkusTest
class TimelineAndTraitsIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final TestProducer producer = TestProducer.shared();
    static final String TOUCHPOINTS = "retail.touchpoints.v1";
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Inject
    TraitRefresh traitRefresh;

    @Test
    void aJourneysProfileCommandTagsAndSetsAttributesOnceRejectsBadNamesAndIgnoresAStranger() {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String email = "tagged." + n + "@example.jp";
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1");
                TopicProbe dlq = TopicProbe.from("retail.customers.commands.v1.dlq")) {
            Touchpoint signup = touchpoint(TouchpointType.SIGNUP, TouchpointChannel.WEB, byEmail(email), null);
            producer.send(TOUCHPOINTS, "email:" + email, signup);
            String customerId = ((CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                    && e.getTouchpointId().equals(signup.getTouchpointId()), WAIT).value()).getCustomerId();
            as(ASSOCIATE).put("/customers/" + customerId + "/tags/knitwear-fan").then().statusCode(200);

            ProfileCommand command = ProfileCommand.newBuilder(profileCommand(customerId)).setAddTags(List.of("win-back-offered"))
                    .setRemoveTags(List.of("knitwear-fan")).setSetAttributes(Map.of("lastWinBackOffer", "2026-12-03")).build();
            producer.send("retail.customers.commands.v1", customerId, command);
            producer.send("retail.customers.commands.v1", customerId, ProfileCommand.newBuilder(command)
                    .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "orchestration")).build());
            producer.send("retail.customers.commands.v1", customerId, ProfileCommand.newBuilder(profileCommand(customerId))
                    .setAddTags(List.of("Not A Tag")).build());
            producer.send("retail.customers.commands.v1", customerId, ProfileCommand.newBuilder(profileCommand(customerId))
                    .setSetAttributes(Map.of("Last Offer", "x")).build());
            producer.send("retail.customers.commands.v1", "stranger-" + n, ProfileCommand.newBuilder(profileCommand("stranger-" + n))
                    .setAddTags(List.of("vip")).build());

            TopicProbe.Received badTag = dlq.await(r -> r.value() instanceof ProfileCommand c && c.getAddTags().contains("Not A Tag"), WAIT);
            assertThat(badTag.headers().get("dlq.reason")).contains("'Not A Tag' is not a tag");
            TopicProbe.Received badName = dlq.await(r -> r.value() instanceof ProfileCommand c && c.getSetAttributes().containsKey("Last Offer"), WAIT);
            assertThat(badName.headers().get("dlq.reason")).contains("'Last Offer' is not an attribute name");
            CustomerProfile tagged = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(customerId) && p.getTraits().getTags().contains("win-back-offered"), WAIT).value();
            assertThat(tagged.getTraits().getTags()).containsExactly("win-back-offered");
            assertThat(tagged.getTraits().getAttributes()).containsExactly(Map.entry("lastWinBackOffer", "2026-12-03"));
            assertThat(profiles.collect(Duration.ofSeconds(2))).as("the same command again changes nothing: no new profile")
                    .filteredOn(r -> r.value() instanceof CustomerProfile p && p.getCustomerId().equals(customerId)
                            && p.getVersion() > tagged.getVersion()).isEmpty();
            assertThat(dlq.collect(Duration.ofMillis(500))).as("a stranger is not applicable, not dead")
                    .noneMatch(r -> r.value() instanceof ProfileCommand c && c.getCustomerId().equals("stranger-" + n));
            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(200).body("traits.tags", equalTo(List.of("win-back-offered")))
                    .body("traits.attributes.lastWinBackOffer", equalTo("2026-12-03"));

            producer.send("retail.customers.commands.v1", customerId, ProfileCommand.newBuilder(profileCommand(customerId))
                    .setRemoveAttributes(List.of("lastWinBackOffer")).build());
            CustomerProfile cleared = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(customerId) && p.getVersion() > tagged.getVersion(), WAIT).value();
            assertThat(cleared.getTraits().getAttributes()).isEmpty();
        }
    }

    private static ProfileCommand profileCommand(String customerId) {
        String id = UUID.randomUUID().toString();
        return ProfileCommand.newBuilder().setMetadata(EventMetadataFactory.origin(id, Instant.now(), "orchestration"))
                .setCommandId(id).setCustomerId(customerId).setJourneyId("win-back@3").setJourneyInstanceId("instance-" + id).build();
    }

    @Test
    void aCustomerWhoNeverBoughtEntersTheBirthdayMonthWhenTheNightlyRefreshReachesItInTheirZone() throws Throwable {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String email = "birthday." + n + "@example.jp";
        ZonedDateTime nextMonth = ZonedDateTime.now(TOKYO).plusMonths(1).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1");
                TopicProbe segments = TopicProbe.from("retail.customers.segments.v1")) {
            Touchpoint signup = touchpoint(TouchpointType.SIGNUP, TouchpointChannel.WEB, IdentityHints.newBuilder().setEmail(email)
                    .setPhone("+8190" + n).setBirthDate(LocalDate.of(1994, nextMonth.getMonthValue(), 15)).setVerified(true).build(), null);
            producer.send(TOUCHPOINTS, "email:" + email, signup);
            String customerId = ((CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                    && e.getTouchpointId().equals(signup.getTouchpointId()), WAIT).value()).getCustomerId();
            CustomerProfile profile = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(customerId), WAIT).value();
            assertThat(profile.getBirthDate()).isEqualTo(LocalDate.of(1994, nextMonth.getMonthValue(), 15));
            assertThat(profile.getTraits().getSegments()).doesNotContain("birthday-month");

            VertxContextSupport.subscribeAndAwait(() -> traitRefresh.refresh(nextMonth.minusMinutes(30).toInstant()));
            assertThat(segments.collect(Duration.ofSeconds(2))).as("still the month before, in Tokyo")
                    .noneMatch(r -> r.value() instanceof SegmentMembershipChanged c && c.getCustomerId().equals(customerId));
            VertxContextSupport.subscribeAndAwait(() -> traitRefresh.refresh(nextMonth.plusMinutes(30).toInstant()));

            SegmentMembershipChanged entered = (SegmentMembershipChanged) segments.await(r -> r.value() instanceof SegmentMembershipChanged c
                    && c.getCustomerId().equals(customerId), WAIT).value();
            assertThat(entered.getSegmentId()).isEqualTo("birthday-month");
            assertThat(entered.getChange()).isEqualTo(SegmentChange.ENTERED);
        }
    }

    @Test
    void theTimelineShowsEverySourceAndTheProfileCarriesTheTraits() {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String email = "timeline." + n + "@example.jp";
        String phone = "+8190" + n;
        String store = "store-t" + n;
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1")) {
            Touchpoint signup = Touchpoint.newBuilder(touchpoint(TouchpointType.SIGNUP, TouchpointChannel.WEB,
                    IdentityHints.newBuilder().setEmail(email).setPhone(phone).setBirthDate(LocalDate.of(1990, 4, 12))
                            .setVerified(true).build(), null)).build();
            producer.send(TOUCHPOINTS, "email:" + email, signup);
            String customerId = ((CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                    && e.getTouchpointId().equals(signup.getTouchpointId()), WAIT).value()).getCustomerId();

            List<Touchpoint> sent = new ArrayList<>();
            sent.add(Touchpoint.newBuilder(touchpoint(TouchpointType.PRODUCT_VIEWED, TouchpointChannel.WEB, byEmail(email), null))
                    .setActivity(ActivityDetails.newBuilder().setName("Product Viewed").setTitle("Aran sweater")
                            .setProducts(List.of(line("SWEATER-1", "Knitwear", 9_000))).build()).build());
            PurchaseDetails online = withLines(purchase("online-" + n, 12_000), line("COAT-1", "Outerwear", 12_000));
            sent.add(touchpoint(TouchpointType.PURCHASE, TouchpointChannel.ONLINE_SHOPIFY, byEmail(email), online));
            Touchpoint inStore = Touchpoint.newBuilder(touchpoint(TouchpointType.PURCHASE, TouchpointChannel.STORE_POS, byEmail(email),
                    withLines(purchase("pos-sale:" + n, 8_000), line("SHOE-1", "Shoes", 8_000)))).setStoreId(store).build();
            sent.add(inStore);
            sent.add(Touchpoint.newBuilder(touchpoint(TouchpointType.REFUND, TouchpointChannel.ONLINE_SHOPIFY,
                    IdentityHints.newBuilder().build(), null)).setRefund(RefundDetails.newBuilder().setRefundId("refund-" + n)
                            .setOrderId("online-" + n).setAmount(yen(2_000)).build()).build());
            sent.add(Touchpoint.newBuilder(touchpoint(TouchpointType.MESSAGE_RECEIVED, TouchpointChannel.SMS,
                    IdentityHints.newBuilder().setPhone(phone).build(), null)).setMessage(MessageDetails.newBuilder()
                            .setConversationId("sms-" + n).setDirection(MessageDirection.INBOUND).setKind(MessageKind.TEXT)
                            .setText("Is my coat in stock in M?").build()).build());
            sent.add(Touchpoint.newBuilder(touchpoint(TouchpointType.SURVEY_RESPONSE, TouchpointChannel.WEB, byEmail(email), null))
                    .setSurvey(SurveyDetails.newBuilder().setSurveyId("nps").setResponseId("r-" + n).setKind(SurveyKind.NPS)
                            .setScore(9).setScaleMax(10).build()).build());
            for (Touchpoint touchpoint : sent) {
                producer.send(TOUCHPOINTS, "email:" + email, touchpoint);
                unified.await(r -> r.value() instanceof CustomerEvent e && e.getTouchpointId().equals(touchpoint.getTouchpointId()), WAIT);
            }

            // the other services' events, as they publish them
            producer.send("retail.loyalty.events.v1", customerId, loyalty(customerId, LoyaltyEventType.POINTS_EARNED, 120, 120, "REGULAR", null));
            Instant membershipEnds = Instant.parse("2027-12-01T00:00:00Z");
            producer.send("retail.loyalty.events.v1", customerId, LoyaltyEvent.newBuilder(loyalty(customerId,
                    LoyaltyEventType.MEMBERSHIP_STARTED, 0, 120, "REGULAR", null)).setMembershipPlan("PREMIUM")
                    .setMembershipEndsAt(membershipEnds).build());
            producer.send("retail.loyalty.events.v1", customerId, loyalty(customerId, LoyaltyEventType.TIER_CHANGED, 0, 120, "SILVER", "REGULAR"));
            producer.send("retail.promotions.events.v1", customerId, PromotionEvent.newBuilder().setMetadata(origin())
                    .setCustomerId(customerId).setType(PromotionEventType.COUPON_ISSUED).setCampaignId("welcome")
                    .setCouponCode("WEL-" + n).setDiscount(Discount.newBuilder().setKind(DiscountKind.PERCENT)
                            .setValue(BigDecimal.TEN.setScale(4)).build()).setValidFrom(Instant.now()).build());
            producer.send("retail.returns.events.v1", customerId, ReturnCaseEvent.newBuilder().setMetadata(origin())
                    .setReturnCaseId("rma-" + n).setCustomerId(customerId).setOrderId("pos-sale:" + n)
                    .setStatus(ReturnStatus.REQUESTED).setOrigin(ReturnOrigin.POS).build());
            producer.send("retail.notifications.events.v1", customerId, NotificationEvent.newBuilder().setMetadata(origin())
                    .setNotificationId("note-" + n).setCustomerId(customerId).setOutcome(NotificationOutcome.DELIVERED)
                    .setChannel(ContactChannel.EMAIL).build());

            // the timeline: every source, newest first, filterable and paged
            await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(customerId, "").getList("entries.kind", String.class))
                    .contains("TOUCHPOINT", "LOYALTY", "PROMOTION", "RETURN", "NOTIFICATION").hasSize(sent.size() + 1 + 6));
            JsonPath all = timeline(customerId, "");
            assertThat(all.getList("entries.type", String.class)).contains("SIGNUP", "PRODUCT_VIEWED", "PURCHASE", "REFUND",
                    "MESSAGE_RECEIVED", "SURVEY_RESPONSE", "POINTS_EARNED", "TIER_CHANGED", "COUPON_ISSUED", "REQUESTED", "DELIVERED");
            List<String> times = all.getList("entries.occurredAt", String.class);
            assertThat(times).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
            assertThat(timeline(customerId, "?kind=loyalty").getList("entries.type", String.class))
                    .containsExactlyInAnyOrder("TIER_CHANGED", "MEMBERSHIP_STARTED", "POINTS_EARNED");
            JsonPath storeOnly = timeline(customerId, "?channel=STORE_POS");
            assertThat(storeOnly.getList("entries.storeId", String.class)).containsExactly(store);
            assertThat(storeOnly.getString("entries[0].details.total.amount")).isEqualTo("8000.0000");
            assertThat(timeline(customerId, "?channel=SMS").getString("entries[0].details.text")).isEqualTo("Is my coat in stock in M?");
            Set<String> paged = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonPath page = timeline(customerId, "?limit=4" + (cursor == null ? "" : "&before=" + cursor));
                paged.addAll(page.getList("entries.entryId", String.class));
                cursor = page.getString("next");
                pages++;
            } while (cursor != null);
            assertThat(pages).as("pages of 4").isEqualTo((all.getList("entries.entryId").size() + 3) / 4);
            assertThat(paged).containsExactlyInAnyOrderElementsOf(all.getList("entries.entryId", String.class));
            as(ASSOCIATE).get("/customers/" + customerId + "/timeline?kind=nonsense").then().statusCode(400);
            as(ASSOCIATE).get("/customers/" + customerId + "/timeline?before=not-a-cursor").then().statusCode(400);

            // the traits on the compacted profile topic, after the purchases, the refund and the tier change
            CustomerProfile traited = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(customerId) && "SILVER".equals(p.getLoyaltyTier()), WAIT).value();
            var traits = traited.getTraits();
            assertThat(traits.getLoyaltyPoints()).isEqualTo(120L);
            assertThat(traits.getMembershipPlan()).as("a later event that is no membership event keeps it").isEqualTo("PREMIUM");
            assertThat(traits.getMembershipEndsAt()).isEqualTo(membershipEnds);
            assertThat(traits.getChannelMix()).isEqualTo(ChannelMix.OMNICHANNEL);
            assertThat(traits.getSpend12Months().getAmount()).isEqualByComparingTo("18000");
            assertThat(traits.getPurchases12Months()).isEqualTo(2);
            assertThat(traits.getCategoriesBought()).containsExactly("Shoes", "Outerwear");
            assertThat(traits.getCategoriesBrowsed()).containsExactly("Knitwear");
            assertThat(traits.getPreferredStoreId()).isEqualTo(store);
            assertThat(traits.getLastVisitAt()).isNotNull();
            assertThat(traited.getBirthDate()).isEqualTo(LocalDate.of(1990, 4, 12));
            assertThat(traited.getStats().getLifetimeSpend().getAmount()).isEqualByComparingTo("18000");

            // RFM scores come from the refresh over the whole base
            as(ADMIN).post("/traits/refresh").then().statusCode(200);
            CustomerProfile scored = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(customerId) && p.getTraits() != null && p.getTraits().getRfm() != null, WAIT).value();
            assertThat(List.of(scored.getTraits().getRfm().getRecency(), scored.getTraits().getRfm().getFrequency(),
                    scored.getTraits().getRfm().getMonetary())).allSatisfy(score -> assertThat(score).isBetween(1, 5));
            as(ASSOCIATE).post("/traits/refresh").then().statusCode(403);

            // clienteling: a tag, the assigned associate, notes
            as(ASSOCIATE).put("/customers/" + customerId + "/tags/VIP").then().statusCode(200).body("tags", equalTo(List.of("vip")));
            as(ASSOCIATE).put("/customers/" + customerId + "/associate").then().statusCode(403);
            as(MANAGER).contentType("application/json").body("{\"associate\": \"associate\"}")
                    .put("/customers/" + customerId + "/associate").then().statusCode(200).body("assignedAssociate", equalTo("associate"));
            CustomerProfile cared = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(customerId) && p.getTraits() != null && "associate".equals(p.getTraits().getAssignedAssociate())
                    && p.getTraits().getTags().contains("vip"), WAIT).value();
            assertThat(cared.getVersion()).isGreaterThan(scored.getVersion());
            as(ASSOCIATE).put("/customers/" + customerId + "/tags/not a tag").then().statusCode(400);
            for (int i = 0; i < 2; i++) {
                as(ASSOCIATE).contentType("application/json").header("Idempotency-Key", "note-" + n)
                        .body("{\"text\": \"Prefers M; ask about the new coats\"}").post("/customers/" + customerId + "/notes")
                        .then().statusCode(201).body("author", equalTo("associate"));
            }
            as(ASSOCIATE).get("/customers/" + customerId + "/notes").then().statusCode(200).body("$", hasSize(1))
                    .body("[0].text", equalTo("Prefers M; ask about the new coats"));
            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(200)
                    .body("loyaltyTier", equalTo("SILVER")).body("traits.channelMix", equalTo("OMNICHANNEL"))
                    .body("traits.tags", equalTo(List.of("vip")));
        }
    }

    private static JsonPath timeline(String customerId, String query) {
        return as(ASSOCIATE).get("/customers/" + customerId + "/timeline" + query).then().statusCode(200).extract().jsonPath();
    }

    private static IdentityHints byEmail(String email) {
        return IdentityHints.newBuilder().setEmail(email).setVerified(true).build();
    }

    private static LineItem line(String sku, String category, long yen) {
        return LineItem.newBuilder().setSku(sku).setTitle(sku).setQuantity(1).setUnitPrice(yen(yen)).setCategory(category).build();
    }

    private static PurchaseDetails withLines(PurchaseDetails purchase, LineItem... lines) {
        return PurchaseDetails.newBuilder(purchase).setLines(List.of(lines)).build();
    }

    private static Money yen(long amount) {
        return Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(amount).setScale(4)).build();
    }

    private static io.omniretail.events.common.EventMetadata origin() {
        String id = UUID.randomUUID().toString();
        return EventMetadataFactory.origin(id, Instant.now(), "test:timeline");
    }

    private static LoyaltyEvent loyalty(String customerId, LoyaltyEventType type, long delta, long balance, String tier, String previous) {
        return LoyaltyEvent.newBuilder().setMetadata(origin()).setCustomerId(customerId).setType(type).setPointsDelta(delta)
                .setBalance(balance).setTier(tier).setPreviousTier(previous).setReference("test").setLedgerEntryId(UUID.randomUUID().toString())
                .build();
    }
}
