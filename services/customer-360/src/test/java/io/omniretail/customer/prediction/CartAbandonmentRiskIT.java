package io.omniretail.customer.prediction;

import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.MANAGER;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.OpenCheckout;
import io.omniretail.events.touchpoint.CheckoutDetails;
import io.omniretail.events.touchpoint.FinancialStatus;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.OrderFulfillmentStatus;
import io.omniretail.events.touchpoint.OrderStatus;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Cart abandonment risk on the real stack: shoppers who complete their checkouts and shoppers who leave them, two
 * weeks ago, through touchpoints (orders completing checkouts by their token); the model fitted on demand with its
 * held-out evaluation; a new checkout of each kind scored on the profile (traits.cart), the risk rising as the
 * checkout stays idle, explained per customer, and gone once the order completes it.
 */
@QuarkusTest
class CartAbandonmentRiskIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final TestProducer producer = TestProducer.shared();
    static final String TOUCHPOINTS = "retail.touchpoints.v1";

    @Inject
    AbandonmentModels models;

    @Test
    void theModelLearnsFromClosedCheckoutsScoresOpenOnesOnTheProfileAndTheRiskRisesWithIdleness() throws Throwable {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        Instant now = Instant.now();
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1")) {
            Touchpoint last = null;
            for (int i = 0; i < 16; i++) {
                boolean finisher = i % 2 == 0;
                String email = (finisher ? "finisher" : "leaver") + i + "." + n + "@example.jp";
                for (int k = 0; k < 2; k++) {
                    Instant started = now.minus(Duration.ofDays(20 - k * 5)).plus(Duration.ofHours(i));
                    String token = "chk-" + n + "-" + i + "-" + k;
                    producer.send(TOUCHPOINTS, "email:" + email, checkout(email, token, started, 6_000));
                    last = finisher ? order(email, token, started.plus(Duration.ofMinutes(8)))
                            : checkout(email, token, started.plus(Duration.ofMinutes(2)), 6_500);
                    producer.send(TOUCHPOINTS, "email:" + email, last);
                }
            }
            Touchpoint lastSent = last;
            unified.await(r -> r.value() instanceof CustomerEvent e && e.getTouchpointId().equals(lastSent.getTouchpointId()), WAIT);

            as(ASSOCIATE).post("/predictions/abandonment-fits").then().statusCode(403);
            JsonPath fit = as(ADMIN).post("/predictions/abandonment-fits").then().statusCode(200).extract().jsonPath();
            assertThat(fit.getString("status")).isEqualTo("FITTED");
            assertThat(fit.getInt("checkouts")).isGreaterThanOrEqualTo(32);
            assertThat(fit.getDouble("auc")).as("the latest fifth, held out").isGreaterThan(0.5);
            assertThat(fit.getList("inputs")).contains("idleHours", "completionRate");
            as(MANAGER).get("/predictions/abandonment-fits").then().statusCode(200).body("fitId", hasItem(fit.getString("fitId")));

            String finisherEmail = "finisher0." + n + "@example.jp";
            String leaverEmail = "leaver1." + n + "@example.jp";
            Touchpoint finisherCart = checkout(finisherEmail, "chk-" + n + "-new-f", Instant.now(), 7_000);
            Touchpoint leaverCart = checkout(leaverEmail, "chk-" + n + "-new-l", Instant.now(), 7_000);
            producer.send(TOUCHPOINTS, "email:" + finisherEmail, finisherCart);
            producer.send(TOUCHPOINTS, "email:" + leaverEmail, leaverCart);
            String finisher = customerOf(unified, finisherCart);
            String leaver = customerOf(unified, leaverCart);
            OpenCheckout finisherOpen = cart(profiles, finisher, "chk-" + n + "-new-f", 0.0);
            OpenCheckout leaverOpen = cart(profiles, leaver, "chk-" + n + "-new-l", 0.0);
            assertThat(leaverOpen.getAbandonmentRisk()).as("a shopper who left their checkouts before")
                    .isGreaterThan(finisherOpen.getAbandonmentRisk());

            VertxContextSupport.subscribeAndAwait(() -> models.sweep(Instant.now().plus(Duration.ofHours(5))));
            OpenCheckout idle = cart(profiles, leaver, "chk-" + n + "-new-l", 4.0);
            assertThat(idle.getAbandonmentRisk()).as("four hours idle").isGreaterThanOrEqualTo(leaverOpen.getAbandonmentRisk());
            JsonPath why = as(ASSOCIATE).get("/customers/" + leaver + "/predictions").then().statusCode(200).extract().jsonPath();
            assertThat(why.getString("cart.checkoutToken")).isEqualTo("chk-" + n + "-new-l");
            assertThat(why.getList("cart.risk.drivers.input")).containsAll(List.of("idleHours", "completionRate", "cartValue"));

            producer.send(TOUCHPOINTS, "email:" + finisherEmail, order(finisherEmail, "chk-" + n + "-new-f", Instant.now()));
            profiles.await(r -> r.value() instanceof CustomerProfile p && p.getCustomerId().equals(finisher)
                    && p.getStats().getPurchaseCount() == 3 && p.getTraits().getCart() == null, WAIT);
        }
    }

    @Test
    void aCheckoutReportedAfterItsOrderIsCompletedWhenFirstSeen() {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String email = "late-checkout." + n + "@example.jp";
        String token = "chk-late-" + n;
        Instant placed = Instant.now();
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1")) {
            producer.send(TOUCHPOINTS, "email:" + email, order(email, token, placed));
            Touchpoint late = checkout(email, token, placed.minus(Duration.ofMinutes(3)), 6_000);
            producer.send(TOUCHPOINTS, "email:" + email, late);
            String customerId = customerOf(unified, late);
            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(200).body("traits.cart", nullValue());
            assertThat(as(ASSOCIATE).get("/customers/" + customerId + "/timeline?type=CHECKOUT_UPDATED").jsonPath().getList("entries"))
                    .hasSize(1);
        }
    }

    private static String customerOf(TopicProbe unified, Touchpoint touchpoint) {
        return ((CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                && e.getTouchpointId().equals(touchpoint.getTouchpointId()), WAIT).value()).getCustomerId();
    }

    private static OpenCheckout cart(TopicProbe profiles, String customerId, String token, double idleHours) {
        return ((CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p && p.getCustomerId().equals(customerId)
                && p.getTraits().getCart() != null && p.getTraits().getCart().getCheckoutToken().equals(token)
                && p.getTraits().getCart().getAbandonmentRisk() != null && p.getTraits().getCart().getIdleHours() == idleHours, WAIT)
                .value()).getTraits().getCart();
    }

    private static Touchpoint checkout(String email, String token, Instant at, long yen) {
        return touchpoint(TouchpointType.CHECKOUT_UPDATED, email, at).setCheckout(CheckoutDetails.newBuilder().setCheckoutToken(token)
                .setTotal(yen(yen)).setLines(List.of()).build()).build();
    }

    private static Touchpoint order(String email, String token, Instant at) {
        String orderId = "order-" + token;
        return touchpoint(TouchpointType.PURCHASE, email, at)
                .setPurchase(PurchaseDetails.newBuilder().setOrderId(orderId).setOrderNumber(orderId).setTotal(yen(6_000))
                        .setLines(List.of()).setPlacedAt(at).build())
                .setOrder(OrderStatus.newBuilder().setOrderId(orderId).setFinancialStatus(FinancialStatus.PAID)
                        .setFulfillmentStatus(OrderFulfillmentStatus.UNFULFILLED).setCheckoutToken(token).build())
                .build();
    }

    private static Touchpoint.Builder touchpoint(TouchpointType type, String email, Instant at) {
        String id = UUID.randomUUID().toString();
        return Touchpoint.newBuilder().setMetadata(EventMetadataFactory.origin(id, at, "test:abandonment"))
                .setTouchpointId(id).setType(type).setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                .setSourceSystem("test").setSourceReference(id)
                .setIdentity(IdentityHints.newBuilder().setEmail(email).setVerified(true).build());
    }

    private static Money yen(long amount) {
        return Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(amount).setScale(4)).build();
    }
}
