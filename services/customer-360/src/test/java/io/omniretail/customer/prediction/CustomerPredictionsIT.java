package io.omniretail.customer.prediction;

import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.MANAGER;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerPredictions;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.SegmentChange;
import io.omniretail.events.customer.SegmentMembershipChanged;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The customer-base models on the real stack: a base of regulars, lapsed regulars and one-time buyers bought through
 * touchpoints (backdated), fitted on demand; their scores on the compacted profile, the lapsed regular in the at-risk
 * segment with recency as the explained driver, and their next purchase re-scoring them at once.
 */
@QuarkusTest
class CustomerPredictionsIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final TestProducer producer = TestProducer.shared();
    static final long DAY = 86_400;

    @Test
    void aFitScoresTheBaseTheLapsedRegularIsAtRiskForItsRecencyAndTheirNextPurchaseRescoresThemAtOnce() {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        Instant now = Instant.now();
        // a base: regulars buying every 3 weeks until now, regulars who did so a year ago and stopped, one-time buyers
        Map<String, List<Long>> base = new LinkedHashMap<>();
        IntStream.range(0, 12).forEach(i -> base.put("regular" + i, List.of(300L + i, 240L + i, 180L + i, 120L + i, 60L + i, 2L + i)));
        IntStream.range(0, 12).forEach(i -> base.put("lapsed" + i, List.of(420L + i, 400L + i, 380L + i, 360L + i, 340L + i)));
        IntStream.range(0, 12).forEach(i -> base.put("once" + i, List.of(30L + 20 * i)));
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1");
                TopicProbe segments = TopicProbe.from("retail.customers.segments.v1")) {
            Map<String, String> customerIds = new LinkedHashMap<>();
            base.forEach((name, daysAgo) -> {
                String email = name + "." + n + "@example.jp";
                Touchpoint last = null;
                for (int k = 0; k < daysAgo.size(); k++) {
                    last = purchase(email, name + "-" + n + "-" + k, 4_000 + 500 * k, now.minusSeconds(daysAgo.get(k) * DAY));
                    producer.send("retail.touchpoints.v1", "email:" + email, last);
                }
                Touchpoint sent = last;
                customerIds.put(name, ((CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                        && e.getTouchpointId().equals(sent.getTouchpointId()), WAIT).value()).getCustomerId());
            });
            String lapsed = customerIds.get("lapsed0");
            String regular = customerIds.get("regular0");

            as(ASSOCIATE).post("/predictions/fits").then().statusCode(403);
            JsonPath fit = as(ADMIN).post("/predictions/fits").then().statusCode(200).extract().jsonPath();
            assertThat(fit.getString("status")).isEqualTo("FITTED");
            assertThat(fit.getInt("buyers")).isGreaterThanOrEqualTo(36);
            assertThat(fit.getInt("repeatBuyers")).isGreaterThanOrEqualTo(24);
            assertThat(fit.getDouble("bgNbdLogLikelihood")).isNegative();
            assertThat(fit.getList("model.valueDecileCuts")).hasSize(9);
            String fitId = fit.getString("fitId");
            as(MANAGER).get("/predictions/fits").then().statusCode(200).body("fitId", hasItem(fitId));

            CustomerPredictions atRisk = predictions(profiles, lapsed, fitId);
            CustomerPredictions active = predictions(profiles, regular, fitId);
            assertThat(atRisk.getChurnRisk()).isGreaterThanOrEqualTo(0.7).isGreaterThan(active.getChurnRisk());
            assertThat(active.getExpectedPurchases90Days()).isGreaterThan(atRisk.getExpectedPurchases90Days());
            assertThat(active.getPredictedClv().getAmount()).isGreaterThan(atRisk.getPredictedClv().getAmount());
            assertThat(active.getPredictedClv().getCurrency()).isEqualTo("JPY");
            assertThat(segments.await(r -> r.value() instanceof SegmentMembershipChanged c && c.getCustomerId().equals(lapsed)
                    && c.getSegmentId().equals("at-risk") && c.getChange() == SegmentChange.ENTERED, WAIT)).isNotNull();

            JsonPath why = as(ASSOCIATE).get("/customers/" + lapsed + "/predictions").then().statusCode(200)
                    .body("fitId", equalTo(fitId)).body("published.churnRisk", equalTo((float) atRisk.getChurnRisk()))
                    .extract().jsonPath();
            assertThat(why.getInt("explanation.repeatPurchases")).isEqualTo(4);
            assertThat(why.getString("explanation.drivers[0].input")).isEqualTo("daysSinceLastPurchase");
            assertThat(why.getDouble("explanation.drivers[0].baseline")).as("had they bought today").isLessThan(atRisk.getChurnRisk());
            as(ASSOCIATE).get("/customers/nobody-" + n + "/predictions").then().statusCode(404);

            String email = "lapsed0." + n + "@example.jp";
            producer.send("retail.touchpoints.v1", "email:" + email, purchase(email, "lapsed0-" + n + "-back", 6_000, Instant.now()));
            CustomerProfile back = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(lapsed) && p.getStats().getPurchaseCount() == 6, WAIT).value();
            assertThat(back.getTraits().getPredictions().getChurnRisk()).as("re-scored with the purchase, before any new fit")
                    .isLessThan(atRisk.getChurnRisk());
            assertThat(back.getTraits().getPredictions().getFitId()).isEqualTo(fitId);
            assertThat(segments.await(r -> r.value() instanceof SegmentMembershipChanged c && c.getCustomerId().equals(lapsed)
                    && c.getSegmentId().equals("at-risk") && c.getChange() == SegmentChange.LEFT, WAIT)).isNotNull();
        }
    }

    private static CustomerPredictions predictions(TopicProbe profiles, String customerId, String fitId) {
        CustomerProfile profile = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                && p.getCustomerId().equals(customerId) && p.getTraits().getPredictions() != null
                && p.getTraits().getPredictions().getFitId().equals(fitId), WAIT).value();
        return profile.getTraits().getPredictions();
    }

    private static Touchpoint purchase(String email, String orderId, long yen, Instant placedAt) {
        PurchaseDetails purchase = PurchaseDetails.newBuilder().setOrderId(orderId).setOrderNumber(orderId)
                .setTotal(Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(yen).setScale(4)).build())
                .setLines(List.of()).setPlacedAt(placedAt).build();
        String id = UUID.randomUUID().toString();
        return Touchpoint.newBuilder().setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test:predictions"))
                .setTouchpointId(id).setType(TouchpointType.PURCHASE).setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                .setSourceSystem("test").setSourceReference(id)
                .setIdentity(IdentityHints.newBuilder().setEmail(email).setVerified(true).build()).setPurchase(purchase).build();
    }
}
