package io.omniretail.promotions;

import static io.omniretail.promotions.PromotionsIT.EVENTS;
import static io.omniretail.promotions.PromotionsIT.QUIET;
import static io.omniretail.promotions.PromotionsIT.UNIFIED;
import static io.omniretail.promotions.PromotionsIT.awaitEvent;
import static io.omniretail.promotions.PromotionsIT.offer;
import static io.omniretail.promotions.PromotionsIT.ofType;
import static io.omniretail.promotions.PromotionsIT.producer;
import static io.omniretail.promotions.PromotionsIT.purchase;
import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.MANAGER;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.CustomerTraits;
import io.omniretail.events.customer.ProfileStats;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.promotion.PromotionEventType;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Campaigns made through the API against the real stack: a targeted campaign issues one code per customer its CEL
 * target accepts (those known when it launches, and those who enter it later), within its code count; redemptions
 * from a till and from the shop are counted with their revenue; a coupon used where it does not redeem is refused and
 * counted; the API refuses what it cannot run.
 */
@QuarkusTest
class CampaignsIT {

    static final String PROFILES = "retail.customers.profiles.v1";
    static final Duration LAUNCH = Duration.ofSeconds(45);

    @Test
    void aCampaignTargetingASegmentIssuesOneCodePerMemberWithinItsCountAndCountsRedemptionsFromTheTillAndTheShop() {
        String tag = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String campaignId = "campaign-" + tag;
        String early = UUID.randomUUID().toString();
        String alsoEarly = UUID.randomUUID().toString();
        String outside = UUID.randomUUID().toString();
        String late = UUID.randomUUID().toString();
        String tooLate = UUID.randomUUID().toString();

        try (TopicProbe events = TopicProbe.from(EVENTS)) {
            producer.send(PROFILES, early, profile(early, List.of(tag, "vip")));
            producer.send(PROFILES, alsoEarly, profile(alsoEarly, List.of(tag)));
            producer.send(PROFILES, outside, profile(outside, List.of("vip")));

            as(ADMIN).contentType(ContentType.JSON).body(campaign(campaignId, "'" + tag + "' in profile.traits.segments", 3))
                    .post("/promotions/campaigns").then().statusCode(201)
                    .body("kind", equalTo("TARGETED")).body("running", equalTo(true)).body("createdBy", equalTo("admin"));

            // the launch visits every customer's latest profile
            String earlyCode = ((PromotionEvent) events.await(r -> isIssued(r, early, campaignId), LAUNCH).value()).getCouponCode();
            String alsoEarlyCode = ((PromotionEvent) events.await(r -> isIssued(r, alsoEarly, campaignId), LAUNCH).value()).getCouponCode();
            assertThat(earlyCode).startsWith("AUT-");
            await().atMost(LAUNCH).until(() -> as(MANAGER).get("/promotions/campaigns/{id}", campaignId).path("launchedAt") != null);

            // a customer who enters the target later gets theirs from their next profile; the count stops the fourth
            producer.send(PROFILES, late, profile(late, List.of(tag)));
            events.await(r -> isIssued(r, late, campaignId), PromotionsIT.WAIT);
            producer.send(PROFILES, tooLate, profile(tooLate, List.of(tag)));
            producer.send(PROFILES, early, profile(early, List.of(tag))); // a newer profile of someone served
            assertThat(events.collect(QUIET)).filteredOn(r -> r.value() instanceof PromotionEvent e
                    && e.getType() == PromotionEventType.COUPON_ISSUED && campaignId.equals(e.getCampaignId()))
                    .extracting(r -> ((PromotionEvent) r.value()).getCustomerId())
                    .as("one code each for the three first in, none beyond the count, none outside the target")
                    .containsExactlyInAnyOrder(early, alsoEarly, late);

            producer.send(UNIFIED, early, purchase(early, false, List.of(earlyCode), TouchpointChannel.STORE_POS));
            producer.send(UNIFIED, alsoEarly, purchase(alsoEarly, false, List.of(alsoEarlyCode.toLowerCase()), TouchpointChannel.ONLINE_SHOPIFY));
            awaitEvent(events, early, PromotionEventType.COUPON_REDEEMED);
            awaitEvent(events, alsoEarly, PromotionEventType.COUPON_REDEEMED);

            as(MANAGER).get("/promotions/campaigns/{id}/results", campaignId).then().statusCode(200)
                    .body("issued", equalTo(3)).body("redeemed", equalTo(2))
                    .body("redeemedInStore", equalTo(1)).body("redeemedOnline", equalTo(1))
                    .body("revenue[0].currency", equalTo("JPY")).body("revenue[0].amount", equalTo(10_000.0f))
                    .body("codesLeft", equalTo(0));

            as(ADMIN).post("/promotions/campaigns/{id}/pause", campaignId).then().statusCode(200)
                    .body("active", equalTo(false)).body("running", equalTo(false));
        }
    }

    @Test
    void aStoreCouponUsedInTheWebShopIsRefusedAndCountedNotRedeemed() {
        String customerId = UUID.randomUUID().toString();
        try (TopicProbe events = TopicProbe.from(EVENTS)) {
            producer.send(PromotionsIT.COMMANDS, customerId, offer(customerId, "store-visit-500", UUID.randomUUID().toString()));
            String code = ((PromotionEvent) awaitEvent(events, customerId, PromotionEventType.COUPON_ISSUED).value()).getCouponCode();
            Map<String, Object> before = as(MANAGER).get("/promotions/campaigns/store-visit-500/results").then().extract().path("refused");

            producer.send(UNIFIED, customerId, purchase(customerId, false, List.of(code), TouchpointChannel.ONLINE_SHOPIFY));
            await().atMost(PromotionsIT.WAIT).until(() -> refused(as(MANAGER).get("/promotions/campaigns/store-visit-500/results")
                    .then().extract().path("refused"), "WRONG_CHANNEL") == refused(before, "WRONG_CHANNEL") + 1);
            assertThat(ofType(events.collect(QUIET), customerId, PromotionEventType.COUPON_REDEEMED)).isEmpty();

            producer.send(UNIFIED, customerId, purchase(customerId, false, List.of(code), TouchpointChannel.STORE_POS));
            awaitEvent(events, customerId, PromotionEventType.COUPON_REDEEMED);
        }
    }

    @Test
    void theApiRefusesATargetThatDoesNotCompileADuplicateAndAManager() {
        String campaignId = "campaign-it-" + UUID.randomUUID().toString().substring(0, 8);
        as(ADMIN).contentType(ContentType.JSON).body(campaign(campaignId, "profile.traits.tags.exists(t, t ==", 10))
                .post("/promotions/campaigns").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("target:")).body("detail", containsString("column"));
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("campaignId", campaignId))
                .post("/promotions/campaigns").then().statusCode(400).contentType("application/problem+json");
        as(MANAGER).contentType(ContentType.JSON).body(campaign(campaignId, "true", 10))
                .post("/promotions/campaigns").then().statusCode(403);
        as(ADMIN).contentType(ContentType.JSON).body(campaign(campaignId, "true", 10)).post("/promotions/campaigns").then().statusCode(201);
        as(ADMIN).post("/promotions/campaigns/{id}/pause", campaignId).then().statusCode(200);
        as(ADMIN).contentType(ContentType.JSON).body(campaign(campaignId, "true", 10))
                .post("/promotions/campaigns").then().statusCode(409).contentType("application/problem+json");
    }

    private static long refused(Map<String, Object> refused, String reason) {
        return refused == null || refused.get(reason) == null ? 0 : ((Number) refused.get(reason)).longValue();
    }

    private static boolean isIssued(TopicProbe.Received received, String customerId, String campaignId) {
        return received.value() instanceof PromotionEvent e && e.getType() == PromotionEventType.COUPON_ISSUED
                && e.getCustomerId().equals(customerId) && e.getCampaignId().equals(campaignId);
    }

    private static Map<String, Object> campaign(String campaignId, String target, int maxCodes) {
        return Map.of("campaignId", campaignId, "name", "Autumn: 500 JPY off", "kind", "TARGETED", "target", target,
                "maxCodes", maxCodes, "perCustomerCap", 1, "budget", 100_000,
                "coupon", Map.of("codePrefix", "AUT", "discountKind", "FIXED_AMOUNT", "discountValue", 500, "currency", "JPY",
                        "validityDays", 30));
    }

    /** A profile as customer-360 publishes it, in these segments. */
    static CustomerProfile profile(String customerId, List<String> segments) {
        return CustomerProfile.newBuilder()
                .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "test:promotions"))
                .setCustomerId(customerId).setStats(ProfileStats.newBuilder().build()).setVersion(System.nanoTime())
                .setTraits(CustomerTraits.newBuilder().setSegments(segments).build()).build();
    }
}
