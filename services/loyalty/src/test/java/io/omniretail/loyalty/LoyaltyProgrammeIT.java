package io.omniretail.loyalty;

import static io.omniretail.loyalty.LoyaltyEvents.LOYALTY_EVENTS;
import static io.omniretail.loyalty.LoyaltyEvents.cancellation;
import static io.omniretail.loyalty.LoyaltyEvents.merge;
import static io.omniretail.loyalty.LoyaltyEvents.purchase;
import static io.omniretail.loyalty.LoyaltyEvents.refund;
import static io.omniretail.loyalty.LoyaltyEvents.returnCase;
import static io.omniretail.loyalty.LoyaltyEvents.reward;
import static io.omniretail.loyalty.LoyaltyEvents.send;
import static io.omniretail.loyalty.LoyaltyPointsIT.ARRIVAL;
import static io.omniretail.loyalty.LoyaltyPointsIT.assertAccount;
import static io.omniretail.loyalty.LoyaltyPointsIT.isFor;
import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.loyalty.ledger.AccountReview;
import io.omniretail.loyalty.redemption.Redemptions;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The programme beyond earning, against the real broker, registry and database: an associate's refund reverses points,
 * the review drops an inactive customer's tier and lapses old points, redemption codes hold, capture and give back
 * points, and a random mix of everything keeps every balance equal to the sum of its ledger. The review and the release
 * of unused codes are driven with a clock of the test's choosing (their scheduled runs use the real one).
 */
@QuarkusTest
class LoyaltyProgrammeIT {

    @Inject
    AccountReview review;
    @Inject
    Redemptions redemptions;

    @Test
    void anAssociatesRefundAndACheaperExchangeReverseTheirShareOnceAndASourceReturnsCaseMovesNothing() throws Exception {
        String customerId = UUID.randomUUID().toString();
        String orderId = "it-order-" + UUID.randomUUID();
        String caseId = UUID.randomUUID().toString();

        try (TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            send(purchase(customerId, orderId, "20000"));
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_EARNED), ARRIVAL);

            send(returnCase(customerId, orderId, UUID.randomUUID().toString(), ReturnOrigin.SHOPIFY, ReturnStatus.REFUNDED, "10000"));
            send(returnCase(customerId, orderId, caseId, ReturnOrigin.ASSOCIATE, ReturnStatus.APPROVED, null));
            send(returnCase(customerId, orderId, caseId, ReturnOrigin.ASSOCIATE, ReturnStatus.REFUNDED, "5000"));
            send(returnCase(customerId, orderId, caseId, ReturnOrigin.ASSOCIATE, ReturnStatus.REFUNDED, "5000")); // reported again

            LoyaltyEvent reversed = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_REVERSED), ARRIVAL).value();
            assertThat(reversed.getPointsDelta()).as("a quarter of the order's 200 points").isEqualTo(-50);
            assertThat(reversed.getReason()).contains(caseId).contains("associate");
            assertThat(loyaltyEvents.collect(Duration.ofSeconds(3))).filteredOn(r -> isFor(r, customerId, LoyaltyEventType.POINTS_REVERSED))
                    .as("the Shopify case's money is reversed by its refund on the unified stream, not here; the associate's once")
                    .hasSize(1);
            assertAccount(customerId, 150, "BASE", 2);

            // an exchange for a replacement 2,000 cheaper gives that back: its share of the points goes with it
            String exchangeId = UUID.randomUUID().toString();
            send(returnCase(customerId, orderId, exchangeId, ReturnOrigin.ASSOCIATE, ReturnStatus.EXCHANGED, "2000"));
            LoyaltyEvent exchanged = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_REVERSED)
                    && ((LoyaltyEvent) r.value()).getReason().contains(exchangeId), ARRIVAL).value();
            assertThat(exchanged.getPointsDelta()).as("2,000 of the 20,000 order's 200 points").isEqualTo(-20);
            assertAccount(customerId, 130, "BASE", 3);
        }
    }

    @Test
    void theReviewDropsAnInactiveCustomersTierAndLapsesOldPointsOnceAday() throws Throwable {
        String customerId = UUID.randomUUID().toString();
        Instant placed = Instant.now().minus(Duration.ofDays(300));

        try (TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            send(purchase(customerId, "it-order-" + UUID.randomUUID(), "60000", placed));
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.TIER_CHANGED), ARRIVAL);
            send(reward(customerId, 40));
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.BONUS_GRANTED), ARRIVAL);
            assertAccount(customerId, 640, "SILVER", 2);
            as(ASSOCIATE).get("/loyalty/accounts/{customerId}", customerId).then()
                    .body("nextExpiry.points", equalTo(600)).body("nextExpiry.at", org.hamcrest.Matchers.startsWith(
                            placed.plus(Duration.ofDays(365)).toString().substring(0, 16)));

            assertThat(review(customerId, Instant.now())).as("nothing has aged yet").isEqualTo(new int[] {0, 0});
            Instant later = Instant.now().plus(Duration.ofDays(100)); // the purchase is 400 days old, the bonus 100
            assertThat(review(customerId, later)).as("600 points lapsed, one tier change").isEqualTo(new int[] {600, 1});
            assertThat(review(customerId, later.plusSeconds(60))).as("the same day again").isEqualTo(new int[] {0, 0});

            LoyaltyEvent lapsed = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_EXPIRED), ARRIVAL).value();
            assertThat(lapsed.getPointsDelta()).isEqualTo(-600);
            assertThat(lapsed.getBalance()).as("the bonus is younger").isEqualTo(40);
            LoyaltyEvent dropped = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.TIER_CHANGED)
                    && "BASE".equals(((LoyaltyEvent) r.value()).getTier()), ARRIVAL).value();
            assertThat(dropped.getPreviousTier()).isEqualTo("SILVER");
            assertAccount(customerId, 40, "BASE", 3);
            as(ASSOCIATE).get("/loyalty/accounts/{customerId}", customerId).then().body("nextExpiry.points", equalTo(40));
        }
    }

    @Test
    void aCodeHoldsItsPointsTheOrderThatUsesItCapturesItAndCancellingThatOrderGivesThemBack() throws Exception {
        String customerId = UUID.randomUUID().toString();
        String secondOrder = "it-order-" + UUID.randomUUID();

        try (TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            send(purchase(customerId, "it-order-" + UUID.randomUUID(), "60000"));
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_EARNED), ARRIVAL);

            redeem(customerId, 150, null).then().statusCode(400).contentType("application/problem+json");
            redeem(customerId, 700, null).then().statusCode(422).body("type", org.hamcrest.Matchers.endsWith("insufficient-points"));
            String key = UUID.randomUUID().toString();
            var issued = redeem(customerId, 500, key).then().statusCode(201).body("status", equalTo("HELD")).extract();
            String code = issued.path("code");
            assertThat(new java.math.BigDecimal(issued.path("discount").toString())).isEqualByComparingTo("500");
            assertThat(redeem(customerId, 500, key).then().statusCode(201).extract().<String>path("code"))
                    .as("a retry with the same key").isEqualTo(code);
            redeem(customerId, 100, key).then().statusCode(409);
            LoyaltyEvent redeemed = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_REDEEMED), ARRIVAL).value();
            assertThat(redeemed.getPointsDelta()).isEqualTo(-500);
            assertThat(redeemed.getBalance()).isEqualTo(100);

            send(purchase(customerId, secondOrder, "3000", Instant.now(), code.toLowerCase()));
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_EARNED)
                    && secondOrder.equals(((LoyaltyEvent) r.value()).getReference()), ARRIVAL);
            as(ASSOCIATE).get("/loyalty/redemptions/{code}", code).then().statusCode(200)
                    .body("status", equalTo("CAPTURED")).body("orderId", equalTo(secondOrder));
            as(ASSOCIATE).delete("/loyalty/redemptions/{code}", code).then().statusCode(409);

            send(cancellation(customerId, secondOrder));
            LoyaltyEvent released = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_RELEASED), ARRIVAL).value();
            assertThat(released.getPointsDelta()).isEqualTo(500);
            as(ASSOCIATE).get("/loyalty/redemptions/{code}", code).then().statusCode(200).body("status", equalTo("RELEASED"));
            assertAccount(customerId, 600, "SILVER", 5); // earn 600, redeem 500, earn 37 (SILVER), reverse 37, release 500
        }
    }

    @Test
    void anUnusedCodeGivesItsPointsBackAfterTheHoldAndACancelledOneAtOnce() throws Throwable {
        String customerId = UUID.randomUUID().toString();

        try (TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            send(purchase(customerId, "it-order-" + UUID.randomUUID(), "30000"));
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_EARNED), ARRIVAL);
            String unused = redeem(customerId, 100, null).then().statusCode(201).extract().path("code");
            String cancelled = redeem(customerId, 200, null).then().statusCode(201).extract().path("code");
            assertAccount(customerId, 0, "BASE", 3);

            as(ASSOCIATE).delete("/loyalty/redemptions/{code}", cancelled).then().statusCode(200).body("status", equalTo("RELEASED"));
            as(ASSOCIATE).delete("/loyalty/redemptions/{code}", cancelled).then().statusCode(200).body("status", equalTo("RELEASED"));
            VertxContextSupport.subscribeAndAwait(() -> redemptions.releaseUnused(Instant.now().plus(Duration.ofHours(25))));
            as(ASSOCIATE).get("/loyalty/redemptions/{code}", unused).then().statusCode(200).body("status", equalTo("RELEASED"));

            List<Long> releases = loyaltyEvents.collect(Duration.ofSeconds(3)).stream()
                    .filter(r -> isFor(r, customerId, LoyaltyEventType.POINTS_RELEASED))
                    .map(r -> ((LoyaltyEvent) r.value()).getPointsDelta()).toList();
            assertThat(releases).as("each code once").containsExactlyInAnyOrder(200L, 100L);
            assertAccount(customerId, 300, "BASE", 5);
        }
    }

    @Test
    void aPaidMembershipDoublesPointsWhileItRunsExtendsFromItsEndAndEndsWithItsTermOrItsOrder() throws Throwable {
        String customerId = UUID.randomUUID().toString();
        Instant joined = Instant.now().minus(Duration.ofDays(10));
        String renewal = "it-order-" + UUID.randomUUID();

        try (TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            send(purchase(customerId, "it-order-" + UUID.randomUUID(), joined,
                    List.of(LoyaltyEvents.line("MEMBERSHIP-PREMIUM", 1, "3300"), LoyaltyEvents.line("SHIRT-1", 1, "5000"))));
            LoyaltyEvent started = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.MEMBERSHIP_STARTED), ARRIVAL).value();
            assertThat(started.getMembershipPlan()).isEqualTo("PREMIUM");
            Instant firstEnd = joined.plus(Duration.ofDays(365));
            assertThat(started.getMembershipEndsAt()).isEqualTo(firstEnd.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            LoyaltyEvent earned = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.POINTS_EARNED), ARRIVAL).value();
            assertThat(earned.getPointsDelta()).as("the shirt's 50 points doubled; the fee earns nothing").isEqualTo(100);

            send(purchase(customerId, renewal, Instant.now(), List.of(LoyaltyEvents.line("MEMBERSHIP-PREMIUM", 1, "3300"))));
            LoyaltyEvent extended = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.MEMBERSHIP_CHANGED), ARRIVAL).value();
            assertThat(extended.getMembershipEndsAt()).as("from the end of the running term")
                    .isEqualTo(firstEnd.plus(Duration.ofDays(365)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

            send(cancellation(customerId, renewal));
            loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.MEMBERSHIP_CHANGED)
                    && ((LoyaltyEvent) r.value()).getMembershipEndsAt().equals(firstEnd.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)), ARRIVAL);

            VertxContextSupport.subscribeAndAwait(() -> review.review(List.of(customerId), firstEnd.plus(Duration.ofDays(1))));
            LoyaltyEvent ended = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, customerId, LoyaltyEventType.MEMBERSHIP_ENDED), ARRIVAL).value();
            assertThat(ended.getMembershipPlan()).isNull();
            assertThat(ended.getMembershipEndsAt()).isEqualTo(firstEnd.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        }
    }

    @Test
    void mergedCustomersAccountsCombineTheirPointsSpendAndMembershipAndLaterEventsOfTheAbsorbedReachTheSurvivor() throws Exception {
        String survivor = UUID.randomUUID().toString();
        String absorbed = UUID.randomUUID().toString();
        String absorbedOrder = "it-order-" + UUID.randomUUID();

        try (TopicProbe loyaltyEvents = TopicProbe.from(LOYALTY_EVENTS)) {
            send(purchase(survivor, "it-order-" + UUID.randomUUID(), "30000"));
            loyaltyEvents.await(r -> isFor(r, survivor, LoyaltyEventType.POINTS_EARNED), ARRIVAL);
            send(purchase(absorbed, absorbedOrder, Instant.now(),
                    List.of(LoyaltyEvents.line("MEMBERSHIP-PREMIUM", 1, "3300"), LoyaltyEvents.line("COAT-1", 1, "25000"))));
            LoyaltyEvent absorbedEarned = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, absorbed, LoyaltyEventType.POINTS_EARNED), ARRIVAL).value();
            assertThat(absorbedEarned.getPointsDelta()).as("250 doubled by the membership").isEqualTo(500);

            send(merge(survivor, absorbed));
            LoyaltyEvent merged = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, survivor, LoyaltyEventType.ACCOUNTS_MERGED), ARRIVAL).value();
            assertThat(merged.getPointsDelta()).isEqualTo(500);
            assertThat(merged.getBalance()).isEqualTo(300 + 500);
            LoyaltyEvent promoted = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, survivor, LoyaltyEventType.TIER_CHANGED), ARRIVAL).value();
            assertThat(promoted.getTier()).as("30,000 + 25,000 of spend together").isEqualTo("SILVER");
            LoyaltyEvent membership = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, survivor, LoyaltyEventType.MEMBERSHIP_CHANGED), ARRIVAL).value();
            assertThat(membership.getMembershipPlan()).isEqualTo("PREMIUM");

            // the absorbed customer's refund, still under its old id, reverses on the survivor
            send(refund(absorbed, absorbedOrder, "it-refund-" + UUID.randomUUID(), "12500"));
            LoyaltyEvent reversed = (LoyaltyEvent) loyaltyEvents.await(r -> isFor(r, survivor, LoyaltyEventType.POINTS_REVERSED), ARRIVAL).value();
            assertThat(reversed.getPointsDelta()).as("half of the coat's 500").isEqualTo(-250);
            as(ASSOCIATE).get("/loyalty/accounts/{customerId}", absorbed).then().statusCode(200)
                    .body("customerId", equalTo(survivor)).body("balance", equalTo(550));
        }
    }

    /**
     * The ledger invariant as a property of the running service: a seeded random mix of purchases (some long ago),
     * refunds, cancellations, rewards, associates' refunds, redemptions used, cancelled and left to lapse, merges and
     * reviews at random future dates, over a handful of customers, leaves every account's balance equal to the sum of
     * its ledger entries, never books a reversal beyond what an order earned, and books every entry once.
     */
    @Test
    void aRandomMixOfEverythingKeepsEveryBalanceEqualToTheSumOfItsLedger() throws Throwable {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            customers.add(UUID.randomUUID().toString());
        }
        List<String[]> orders = new ArrayList<>(); // customer, order
        List<String> codes = new ArrayList<>();
        for (int step = 0; step < 80; step++) {
            String customer = customers.get(random.nextInt(customers.size()));
            int what = random.nextInt(100);
            if (what < 30 || orders.isEmpty()) {
                String orderId = "it-mix-" + UUID.randomUUID();
                orders.add(new String[] {customer, orderId});
                String code = !codes.isEmpty() && random.nextInt(4) == 0 ? codes.get(random.nextInt(codes.size())) : null;
                Instant placed = Instant.now().minus(Duration.ofDays(random.nextInt(500)));
                send(code == null ? purchase(customer, orderId, String.valueOf(random.nextInt(80_000)), placed)
                        : purchase(customer, orderId, String.valueOf(random.nextInt(80_000)), placed, code));
            } else if (what < 45) {
                String[] order = orders.get(random.nextInt(orders.size()));
                send(refund(order[0], order[1], "it-mix-refund-" + UUID.randomUUID(), String.valueOf(1 + random.nextInt(40_000))));
            } else if (what < 52) {
                String[] order = orders.get(random.nextInt(orders.size()));
                send(cancellation(order[0], order[1]));
            } else if (what < 60) {
                send(reward(customer, 1 + random.nextInt(500)));
            } else if (what < 66) {
                String[] order = orders.get(random.nextInt(orders.size()));
                send(returnCase(order[0], order[1], UUID.randomUUID().toString(), ReturnOrigin.ASSOCIATE, ReturnStatus.REFUNDED,
                        String.valueOf(1 + random.nextInt(20_000))));
            } else if (what < 80) {
                String code = redeem(customer, 100L * (1 + random.nextInt(5)), null).then().extract().path("code");
                if (code != null) {
                    codes.add(code);
                }
            } else if (what < 86 && !codes.isEmpty()) {
                as(ASSOCIATE).delete("/loyalty/redemptions/{code}", codes.get(random.nextInt(codes.size())));
            } else if (what < 90) {
                String other = customers.get(random.nextInt(customers.size()));
                if (!other.equals(customer)) {
                    send(merge(customer, other));
                }
            } else if (what < 95) {
                review(customer, Instant.now().plus(Duration.ofDays(random.nextInt(400))));
            } else {
                VertxContextSupport.subscribeAndAwait(() -> redemptions.releaseUnused(Instant.now().plus(Duration.ofHours(random.nextInt(48)))));
            }
        }
        quiet(customers);

        try (Connection db = database()) {
            List<String> mismatched = new ArrayList<>();
            try (ResultSet rows = db.createStatement().executeQuery("""
                    SELECT a.customer_id, a.balance, coalesce(sum(e.points), 0) AS booked
                    FROM loyalty_account a LEFT JOIN points_ledger e ON e.customer_id = a.customer_id
                    WHERE a.customer_id IN ('%s')
                    GROUP BY a.customer_id, a.balance HAVING a.balance <> coalesce(sum(e.points), 0)""".formatted(String.join("','", customers)))) {
                while (rows.next()) {
                    mismatched.add(rows.getString(1) + ": balance " + rows.getLong(2) + ", ledger " + rows.getLong(3));
                }
            }
            assertThat(mismatched).as("seed %d", seed).isEmpty();
            try (ResultSet rows = db.createStatement().executeQuery("""
                    SELECT e.order_id FROM points_ledger e
                    WHERE e.kind = 'EARN' AND e.customer_id IN ('%s')
                      AND e.points + (SELECT coalesce(sum(r.points), 0) FROM points_ledger r WHERE r.kind = 'REVERSAL' AND r.order_id = e.order_id) < 0
                    """.formatted(String.join("','", customers)))) {
                assertThat(rows.next()).as("seed %d: an order reversed beyond what it earned", seed).isFalse();
            }
            try (ResultSet rows = db.createStatement().executeQuery("""
                    SELECT count(*) FROM points_redemption p
                    WHERE p.customer_id IN ('%s') AND p.status = 'RELEASED'
                      AND (SELECT count(*) FROM points_ledger e WHERE e.kind = 'RELEASE' AND e.reference = p.redemption_id) <> 1
                    """.formatted(String.join("','", customers)))) {
                rows.next();
                assertThat(rows.getLong(1)).as("seed %d: every released code is booked back exactly once", seed).isZero();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static io.restassured.response.Response redeem(String customerId, long points, String idempotencyKey) {
        var request = as(ASSOCIATE).contentType(ContentType.JSON).body(Map.of("points", points));
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/loyalty/accounts/{customerId}/redemptions", customerId);
    }

    /** Reviews one account as of a time; {points lapsed, tier changes}. */
    private int[] review(String customerId, Instant at) throws Throwable {
        AccountReview.Reviewed reviewed = VertxContextSupport.subscribeAndAwait(() -> review.review(List.of(customerId), at));
        return new int[] {(int) reviewed.pointsExpired(), reviewed.tierChanges()};
    }

    /** Waits until loyalty has booked something for these customers, then nothing new for three seconds. */
    private static void quiet(List<String> customers) throws Exception {
        try (Connection db = database()) {
            long last = -1;
            Instant quietSince = Instant.now();
            Instant deadline = Instant.now().plus(ARRIVAL);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM points_ledger WHERE customer_id IN ('%s')"
                        .formatted(String.join("','", customers)))) {
                    rows.next();
                    long now = rows.getLong(1);
                    if (now != last || now == 0) {
                        last = now;
                        quietSince = Instant.now();
                    } else if (Duration.between(quietSince, Instant.now()).toSeconds() >= 3) {
                        return;
                    }
                }
                Thread.sleep(250);
            }
        }
    }

    private static Connection database() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
    }
}
