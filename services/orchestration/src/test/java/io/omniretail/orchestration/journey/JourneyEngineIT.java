package io.omniretail.orchestration.journey;

import static io.omniretail.orchestration.journey.JourneyEvents.event;
import static io.omniretail.orchestration.journey.JourneyEvents.purchase;
import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.IdentityMerged;
import io.omniretail.events.journey.Escalation;
import io.omniretail.events.journey.EscalationPriority;
import io.omniretail.events.journey.OfferCommand;
import io.omniretail.events.journey.RewardCommand;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.notification.NotificationCancellation;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The journey engine against the real stack, with definitions added through the API as an admin would (each test its
 * own journey and customers, so tests never see each other's instances): exits mid-wait, versions, waits for an event
 * with both branches, the four actions on their topics, control groups and the counts, and refused definitions.
 */
@QuarkusTest
class JourneyEngineIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestProducer producer = TestProducer.shared();
    static final String UNIFIED = "retail.customers.unified.v1";

    @Test
    void anExitEventEndsAnInstanceMidWaitAndNothingScheduledGoesOutAfterwards() {
        String journey = journeyId("exit");
        String stays = UUID.randomUUID().toString();
        String buys = UUID.randomUUID().toString();
        define("""
                id: %s
                version: 1
                trigger:
                  on: customer
                  when: event.type == 'CART_UPDATED' && event.customerId in ['%s', '%s']
                exitWhen:
                  - on: customer
                    when: event.type == 'PURCHASE'
                steps:
                  - id: later
                    wait: {for: PT3S}
                  - id: remind
                    notify: {template: cart-reminder, purpose: MARKETING}
                """.formatted(journey, stays, buys));
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send(UNIFIED, stays, event(stays, TouchpointType.CART_UPDATED));
            producer.send(UNIFIED, buys, event(buys, TouchpointType.CART_UPDATED));
            producer.send(UNIFIED, buys, purchase(buys, "order-" + UUID.randomUUID()));
            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).queryParam("customerId", buys).get("/journeys").then()
                    .statusCode(200).body("findAll { it.journeyId == '%s' }.state".formatted(journey), contains("EXITED")));

            NotificationRequest reminder = (NotificationRequest) requests.await(r -> r.value() instanceof NotificationRequest n
                    && n.getCustomerId().equals(stays), WAIT).value();
            assertThat(reminder.getTemplateId()).isEqualTo("cart-reminder");
            assertThat(requests.collect(Duration.ofSeconds(5))).as("the buyer's wait was over long ago: nothing for them")
                    .noneMatch(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(buys));
        }
    }

    @Test
    void aDryRunOverTheRecordedEventsReportsWhatTheLiveRunDidAndSendsNothing() {
        String journey = journeyId("dry-run");
        String stays = UUID.randomUUID().toString();
        String buys = UUID.randomUUID().toString();
        String browses = UUID.randomUUID().toString();
        String definition = """
                id: %s
                version: %d
                trigger:
                  on: customer
                  when: event.type == 'CART_UPDATED' && event.customerId in %s
                exitWhen:
                  - on: customer
                    when: event.type == 'PURCHASE'
                goal:
                  on: customer
                  when: event.type == 'PURCHASE'
                  within: P1D
                steps:
                  - id: later
                    wait: {for: %s}
                  - id: remind
                    notify: {template: cart-reminder, purpose: MARKETING}
                """;
        List<String> customers = List.of(stays, buys, browses);
        String audience = customers.stream().map(c -> "'" + c + "'").toList().toString();
        define(definition.formatted(journey, 1, audience, "PT3S"));
        Instant from = Instant.now().minusSeconds(1);
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send(UNIFIED, stays, event(stays, TouchpointType.CART_UPDATED));
            producer.send(UNIFIED, buys, event(buys, TouchpointType.CART_UPDATED));
            producer.send(UNIFIED, buys, purchase(buys, "order-" + UUID.randomUUID()));
            producer.send(UNIFIED, browses, event(browses, TouchpointType.PAGE_VIEW));
            requests.await(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(stays), WAIT);
            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).get("/journeys/definitions/{id}/stats", journey).then().statusCode(200)
                    .body("[0].completed", equalTo(1)).body("[0].exited", equalTo(1)));
            Response live = as(ADMIN).get("/journeys/definitions/{id}/stats", journey);

            Response stored = dryRun(Map.of("journeyId", journey, "from", from.toString(), "to", Instant.now().toString(), "customerIds", customers));

            stored.then().statusCode(200).body("version", equalTo(1))
                    .body("entered", equalTo(live.path("[0].entered"))).body("completed", equalTo(live.path("[0].completed")))
                    .body("exited", equalTo(live.path("[0].exited"))).body("converted", equalTo(live.path("[0].converted")))
                    .body("active", equalTo(live.path("[0].active"))).body("steps", equalTo(live.path("[0].steps")))
                    .body("customers", equalTo(3)).body("eventsRead.customer", equalTo(4))
                    .body("actions.remind", equalTo(1)).body("samples[0].customerId", equalTo(stays))
                    .body("samples[0].record.templateId", equalTo("cart-reminder"))
                    .body("who.exited", contains(buys)).body("who.converted", contains(buys));

            Response draft = dryRun(Map.of("definition", definition.formatted(journey, 2, audience, "PT1H"), "from", from.toString(),
                    "to", Instant.now().toString(), "customerIds", customers));
            draft.then().statusCode(200).body("version", equalTo(2)).body("entered", equalTo(2)).body("active", equalTo(1))
                    .body("actions.size()", equalTo(0));
            assertThat(requests.collect(Duration.ofSeconds(2))).as("dry runs send nothing")
                    .filteredOn(r -> r.value() instanceof NotificationRequest n && customers.contains(n.getCustomerId())).hasSize(1);
        }
        as(ADMIN).get("/journeys/definitions/{id}", journey).then().statusCode(200).body("version", contains(1));
        dryRun(Map.of("definition", "id: x\nversion: 1\nsteps: []\n", "from", from.toString(), "to", Instant.now().toString()))
                .then().statusCode(400).contentType(startsWith("application/problem+json")).body("errors.size()", greaterThan(0));
        dryRun(Map.of("journeyId", journey, "definition", "id: x", "from", from.toString(), "to", Instant.now().toString()))
                .then().statusCode(400).contentType(startsWith("application/problem+json"));
        dryRun(Map.of("journeyId", journey, "from", Instant.now().toString(), "to", from.toString()))
                .then().statusCode(400).contentType(startsWith("application/problem+json"));
    }

    @Test
    void aMergedCustomersJourneyContinuesAsTheSurvivorsAndTheSurvivorKeepsOneRunningInstance() {
        String journey = journeyId("merge");
        String survivor = UUID.randomUUID().toString();
        String merged = UUID.randomUUID().toString();
        define("""
                id: %s
                version: 1
                trigger:
                  on: customer
                  when: event.type == 'CART_UPDATED' && event.customerId in ['%s', '%s']
                entry:
                  onePer: customer
                exitWhen:
                  - on: customer
                    when: event.type == 'PURCHASE'
                steps:
                  - id: later
                    wait: {for: PT6S}
                  - id: remind
                    notify: {template: cart-reminder, purpose: MARKETING}
                """.formatted(journey, survivor, merged));
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send(UNIFIED, survivor, event(survivor, TouchpointType.CART_UPDATED));
            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).queryParam("customerId", survivor).get("/journeys").then().statusCode(200)
                    .body("findAll { it.journeyId == '%s' }.step".formatted(journey), contains("later")));
            producer.send(UNIFIED, merged, event(merged, TouchpointType.CART_UPDATED));
            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).queryParam("customerId", merged).get("/journeys").then().statusCode(200)
                    .body("findAll { it.journeyId == '%s' }.step".formatted(journey), contains("later")));

            IdentityMerged merge = IdentityMerged.newBuilder()
                    .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "customer-360"))
                    .setSurvivorCustomerId(survivor).setMergedCustomerIds(List.of(merged)).setMatchedOn(List.of()).setReason("test").build();
            producer.send("retail.customers.merges.v1", survivor, merge);
            producer.send("retail.customers.merges.v1", survivor, merge);

            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).queryParam("customerId", survivor).get("/journeys").then().statusCode(200)
                    .body("findAll { it.journeyId == '%s' }.state".formatted(journey), containsInAnyOrder("ACTIVE", "EXITED")));
            as(ADMIN).queryParam("customerId", merged).get("/journeys").then().statusCode(200)
                    .body("findAll { it.journeyId == '%s' }".formatted(journey), hasSize(0));
            NotificationRequest reminder = (NotificationRequest) requests.await(r -> r.value() instanceof NotificationRequest n
                    && n.getTemplateId().equals("cart-reminder") && List.of(survivor, merged).contains(n.getCustomerId()), WAIT).value();
            assertThat(reminder.getCustomerId()).isEqualTo(survivor);
            assertThat(requests.collect(Duration.ofSeconds(8))).as("one reminder: the merged customer's instance exited")
                    .filteredOn(r -> r.value() instanceof NotificationRequest n && List.of(survivor, merged).contains(n.getCustomerId()))
                    .hasSize(1);
        }
    }

    @Test
    void retiringAVersionExitsItsInstancesAndWithdrawsWhatTheyAskedNotificationsToSend() {
        String journey = journeyId("retire");
        String customer = UUID.randomUUID().toString();
        define("""
                id: %s
                version: 1
                trigger:
                  on: customer
                  when: event.type == 'CART_UPDATED' && event.customerId == '%s'
                steps:
                  - id: remind
                    notify: {template: cart-reminder, purpose: MARKETING}
                  - id: later
                    wait: {for: PT1H}
                """.formatted(journey, customer));
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1");
                TopicProbe withdrawals = TopicProbe.from("retail.notifications.cancellations.v1")) {
            producer.send(UNIFIED, customer, event(customer, TouchpointType.CART_UPDATED));
            NotificationRequest reminder = (NotificationRequest) requests.await(r -> r.value() instanceof NotificationRequest n
                    && n.getCustomerId().equals(customer), WAIT).value();
            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).queryParam("customerId", customer).get("/journeys").then().statusCode(200)
                    .body("findAll { it.journeyId == '%s' }.step".formatted(journey), contains("later")));

            as(ADMIN).contentType(ContentType.JSON).body(Map.of("status", "RETIRED"))
                    .put("/journeys/definitions/{id}/versions/1/status", journey).then().statusCode(200);

            NotificationCancellation withdrawal = (NotificationCancellation) withdrawals.await(r -> r.value() instanceof NotificationCancellation c
                    && c.getCustomerId().equals(customer), WAIT).value();
            assertThat(withdrawal.getNotificationId()).isEqualTo(reminder.getNotificationId());
            assertThat(withdrawal.getReason()).isEqualTo("journey " + journey + "@1 was retired");
            assertThat(withdrawal.getMetadata().getCorrelationId()).isEqualTo(reminder.getMetadata().getCorrelationId());
            as(ADMIN).queryParam("customerId", customer).get("/journeys").then().statusCode(200)
                    .body("findAll { it.journeyId == '%s' }.state".formatted(journey), contains("EXITED"));
        }
    }

    static Response dryRun(Map<String, Object> request) {
        return as(ADMIN).contentType(ContentType.JSON).body(request).post("/journeys/dry-runs");
    }

    @Test
    void aNewVersionTakesNewEntriesWhileRunningInstancesKeepTheirs() {
        String journey = journeyId("versions");
        String early = UUID.randomUUID().toString();
        String late = UUID.randomUUID().toString();
        String definition = """
                id: %s
                version: %d
                trigger:
                  on: customer
                  when: event.type == 'SIGNUP' && event.customerId in ['%s', '%s']
                steps:
                  - id: pause
                    wait: {for: PT4S}
                  - id: hello
                    notify: {template: %s, purpose: TRANSACTIONAL}
                """;
        define(definition.formatted(journey, 1, early, late, "welcome-v1"));
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send(UNIFIED, early, event(early, TouchpointType.SIGNUP));
            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).queryParam("customerId", early).get("/journeys").then()
                    .statusCode(200).body("find { it.journeyId == '%s' }.step".formatted(journey), equalTo("pause")));
            define(definition.formatted(journey, 2, early, late, "welcome-v2"));
            producer.send(UNIFIED, late, event(late, TouchpointType.SIGNUP));

            assertThat(((NotificationRequest) requests.await(r -> r.value() instanceof NotificationRequest n
                    && n.getCustomerId().equals(early), WAIT).value()).getTemplateId()).isEqualTo("welcome-v1");
            assertThat(((NotificationRequest) requests.await(r -> r.value() instanceof NotificationRequest n
                    && n.getCustomerId().equals(late), WAIT).value()).getTemplateId()).isEqualTo("welcome-v2");
        }
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("status", "PAUSED"))
                .put("/journeys/definitions/{id}/versions/2/status", journey).then().statusCode(200).body("takesEntries", equalTo(false));
        as(ADMIN).get("/journeys/definitions/{id}/stats", journey).then().statusCode(200)
                .body("version", contains(1, 2)).body("entered", contains(1, 1)).body("completed", contains(1, 1));
    }

    @Test
    void aWaitForAnEventGoesOnWhenItComesAndTakesTheTimeoutBranchWhenItDoesNot() {
        String journey = journeyId("survey");
        String answers = UUID.randomUUID().toString();
        String silent = UUID.randomUUID().toString();
        define("""
                id: %s
                version: 1
                trigger:
                  on: customer
                  when: event.type == 'PURCHASE' && event.customerId in ['%s', '%s']
                steps:
                  - id: answer
                    waitFor:
                      on: customer
                      when: event.type == 'SURVEY_RESPONSE'
                      timeout: PT3S
                      as: survey
                      onTimeout: coupon
                  - id: thanks
                    reward: {points: 50, reason: survey reward}
                    next: end
                  - id: coupon
                    offer: {campaign: come-back, reason: no survey answer}
                  - id: care
                    escalate:
                      queue: "'care-desk'"
                      priority: HIGH
                      summary: "'no survey answer for order ' + trigger.purchase.orderNumber"
                      reference: trigger.purchase.orderId
                """.formatted(journey, answers, silent));
        String silentOrder = "order-" + UUID.randomUUID();
        try (TopicProbe rewards = TopicProbe.from("retail.loyalty.commands.v1");
                TopicProbe offers = TopicProbe.from("retail.promotions.commands.v1");
                TopicProbe escalations = TopicProbe.from("retail.journeys.escalations.v1")) {
            CustomerEvent answered = purchase(answers, "order-" + UUID.randomUUID());
            producer.send(UNIFIED, answers, answered);
            producer.send(UNIFIED, answers, event(answers, TouchpointType.SURVEY_RESPONSE));
            producer.send(UNIFIED, silent, purchase(silent, silentOrder));

            RewardCommand reward = (RewardCommand) rewards.await(r -> r.value() instanceof RewardCommand c
                    && c.getCustomerId().equals(answers), WAIT).value();
            assertThat(reward.getPoints()).isEqualTo(50);
            assertThat(reward.getJourneyId()).isEqualTo(journey + "@1");
            assertThat(reward.getMetadata().getCorrelationId()).isEqualTo(answered.getMetadata().getCorrelationId());

            OfferCommand offer = (OfferCommand) offers.await(r -> r.value() instanceof OfferCommand c
                    && c.getCustomerId().equals(silent), WAIT).value();
            assertThat(offer.getCampaignId()).isEqualTo("come-back");
            Escalation escalation = (Escalation) escalations.await(r -> r.value() instanceof Escalation e
                    && e.getCustomerId().equals(silent), WAIT).value();
            assertThat(escalation.getPriority()).isEqualTo(EscalationPriority.HIGH);
            assertThat(escalation.getSummary()).isEqualTo("no survey answer for order #1001");
            assertThat(escalation.getReference()).isEqualTo(silentOrder);

            assertThat(rewards.collect(Duration.ofSeconds(2))).as("the silent customer earns nothing")
                    .noneMatch(r -> r.value() instanceof RewardCommand c && c.getCustomerId().equals(silent));
            assertThat(offers.collect(Duration.ofSeconds(1))).as("the one who answered gets no come-back offer")
                    .noneMatch(r -> r.value() instanceof OfferCommand c && c.getCustomerId().equals(answers));
        }
        as(ADMIN).get("/journeys/definitions/{id}/stats", journey).then().statusCode(200)
                .body("[0].steps.answer.MATCHED", equalTo(1)).body("[0].steps.answer.TIMED_OUT", equalTo(1))
                .body("[0].steps.thanks.DONE", equalTo(1)).body("[0].steps.care.DONE", equalTo(1));
    }

    @Test
    void aControlGroupGetsNoActionsAndIsCountedWithItsConversions() {
        String journey = journeyId("control");
        List<String> customers = IntStream.range(0, 8).mapToObj(i -> UUID.randomUUID().toString()).toList();
        define("""
                id: %s
                version: 1
                trigger:
                  on: customer
                  when: event.type == 'SIGNUP' && event.customerId in %s
                goal:
                  on: customer
                  when: event.type == 'PURCHASE'
                  within: P7D
                steps:
                  - id: holdout
                    split: {control: 50}
                  - id: hello
                    notify: {template: welcome, purpose: MARKETING}
                """.formatted(journey, customers.stream().map(c -> "'" + c + "'").toList()));
        List<String> control = customers.stream().filter(c -> ControlGroup.contains("omniretail", journey, c, 50)).toList();
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            customers.forEach(customer -> producer.send(UNIFIED, customer, event(customer, TouchpointType.SIGNUP)));
            customers.forEach(customer -> producer.send(UNIFIED, customer, purchase(customer, "order-" + UUID.randomUUID())));
            await().atMost(WAIT).untilAsserted(() -> as(ADMIN).get("/journeys/definitions/{id}/stats", journey).then().statusCode(200)
                    .body("[0].entered", equalTo(8)).body("[0].control", equalTo(control.size()))
                    .body("[0].completed", equalTo(8 - control.size())).body("[0].converted", equalTo(8)));
            assertThat(requests.collect(Duration.ofSeconds(2))).filteredOn(r -> r.value() instanceof NotificationRequest n
                    && customers.contains(n.getCustomerId())).extracting(r -> ((NotificationRequest) r.value()).getCustomerId())
                    .doesNotContainAnyElementsOf(control).hasSize(8 - control.size());
        }
    }

    @Test
    void aSecondRefundOfAnOrderIsConfirmedWithItsOwnFigures() {
        String customerId = UUID.randomUUID().toString();
        String orderId = "order-" + UUID.randomUUID();
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            for (int refund = 1; refund <= 2; refund++) {
                ReturnCaseEvent refunded = refunded(customerId, orderId, 1_000 * refund);
                producer.send("retail.loyalty.events.v1", customerId, reversal(customerId, orderId, refunded.getMetadata(), 10 * refund));
                producer.send("retail.returns.events.v1", customerId, refunded);
                String caseId = refunded.getReturnCaseId();
                NotificationRequest confirmation = (NotificationRequest) requests.await(r -> r.value() instanceof NotificationRequest n
                        && n.getCustomerId().equals(customerId) && n.getMetadata().getCorrelationId().equals(refunded.getMetadata().getCorrelationId()),
                        WAIT).value();
                assertThat(confirmation.getTemplateId()).as(caseId).isEqualTo("return-refunded");
                assertThat(confirmation.getParameters()).containsEntry("refundAmount", (1_000 * refund) + " JPY")
                        .containsEntry("pointsReversed", Integer.toString(10 * refund));
            }
        }
    }

    @Test
    void aDefinitionWithAnErrorIsRefusedNamingTheStepTheExpressionAndThePosition() {
        postYaml("""
                id: %s
                version: 1
                trigger:
                  on: customer
                steps:
                  - id: vip
                    branch:
                      when: size(trigger.purchase.lines) > 'lots'
                      else: end
                """.formatted(journeyId("bad"))).then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].path", equalTo("$.steps[0].branch.when"))
                .body("errors[0].line", equalTo(8))
                .body("errors[0].expression", equalTo("size(trigger.purchase.lines) > 'lots'"))
                .body("errors[0].expressionPosition", equalTo("1:30"));
        postYaml("id: post-purchase\nversion: 1\ntrigger: {on: customer}\nsteps: [{id: a, wait: {for: PT1S}}]\n").then()
                .statusCode(409).body("detail", containsString("versions never change"));
        as(ADMIN).get("/journeys/definitions").then().statusCode(200)
                .body("findAll { it.takesEntries }.journeyId", hasItem("post-purchase"));
    }

    @Test
    void aStoredVersionThatNoLongerReadsIsSkippedWhileEveryOtherJourneyRuns() {
        // only an upgrade that changed the language can leave such a row; the API never stores one
        String broken = journeyId("broken");
        BuiltInJourneysIT.sql("""
                INSERT INTO journey_definition (journey_id, version, status, origin, source, created_at, changed_at)
                VALUES (?, 1, 'ACTIVE', 'API', ?, now(), now())""", broken,
                "id: %s\nversion: 1\ntrigger: {on: customer}\nsteps: [{id: a, escalate: {queue: care-desk, priority: HIGH, summary: x}}]\n"
                        .formatted(broken));
        String working = journeyId("working");
        String customerId = UUID.randomUUID().toString();
        define("""
                id: %s
                version: 1
                trigger:
                  on: customer
                  when: event.type == 'PAGE_VIEW' && event.customerId == '%s'
                steps:
                  - id: hello
                    notify: {template: welcome, purpose: MARKETING}
                """.formatted(working, customerId));
        try (TopicProbe requests = TopicProbe.from("retail.notifications.requests.v1")) {
            producer.send(UNIFIED, customerId, event(customerId, TouchpointType.PAGE_VIEW));
            requests.await(r -> r.value() instanceof NotificationRequest n && n.getCustomerId().equals(customerId), WAIT);
        }
        as(ADMIN).get("/journeys/definitions").then().statusCode(200)
                .body("find { it.journeyId == '%s' }.takesEntries".formatted(broken), equalTo(false))
                .body("find { it.journeyId == '%s' }.description".formatted(broken), startsWith("(no longer reads"));
    }

    static String journeyId(String what) {
        return "it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void define(String yaml) {
        postYaml(yaml).then().statusCode(201);
    }

    static Response postYaml(String yaml) {
        return as(ADMIN).contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).post("/journeys/definitions");
    }

    static ReturnCaseEvent refunded(String customerId, String orderId, int amount) {
        String id = UUID.randomUUID().toString();
        return ReturnCaseEvent.newBuilder().setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test"))
                .setReturnCaseId(id).setCustomerId(customerId).setOrderId(orderId).setStatus(ReturnStatus.REFUNDED)
                .setOrigin(ReturnOrigin.SHOPIFY).setLines(List.of())
                .setRefundAmount(Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(amount).setScale(4)).build()).build();
    }

    static LoyaltyEvent reversal(String customerId, String orderId, EventMetadata cause, int points) {
        return LoyaltyEvent.newBuilder().setMetadata(EventMetadataFactory.causedBy(cause, "reversal", "test", Instant.now()))
                .setCustomerId(customerId).setType(LoyaltyEventType.POINTS_REVERSED).setPointsDelta(-points).setBalance(100 - points)
                .setTier("BASE").setReference(orderId).setLedgerEntryId(UUID.randomUUID().toString()).build();
    }
}
