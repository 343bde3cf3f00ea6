package io.omniretail.returns;

import static io.omniretail.testing.TestTokens.as;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.ItemQuantity;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.RefundLine;
import io.omniretail.events.touchpoint.ReturnDetails;
import io.omniretail.events.touchpoint.SourceReturnStatus;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * returns against the real stack: a Shopify refund on the unified stream becomes one REFUNDED case however often
 * it is seen; an associate takes a return from request to refund, and the policy refuses what it must.
 */
@QuarkusTest
class ReturnsIT {

    static final String UNIFIED = "retail.customers.unified.v1";
    static final String RETURNS = "retail.returns.events.v1";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final TestProducer producer = TestProducer.shared();

    @Test
    void sourceRefundsBecomeOneRefundedCaseAndAssociatesTakeReturnsThroughThePolicy() {
        String n = unique();
        String customerId = UUID.randomUUID().toString();
        String refundedOrder = "shop-order-" + n;
        String laterOrder = "shop-order-b" + n;
        String oldOrder = "pos-sale:store-042:" + n;
        try (TopicProbe returns = TopicProbe.from(RETURNS)) {
            // every event is keyed by the customer: one partition, applied in this order
            producer.send(UNIFIED, customerId, purchase(customerId, refundedOrder, Instant.now(),
                    line("SHIRT-" + n, 2, 4_000), line("CAP-" + n, 1, 2_500)));
            producer.send(UNIFIED, customerId, purchase(customerId, laterOrder, Instant.now(),
                    line("JACKET-" + n, 1, 12_000), line("FINAL-SOCKS-" + n, 3, 500)));
            producer.send(UNIFIED, customerId, purchase(customerId, oldOrder, Instant.now().minus(Duration.ofDays(45)),
                    line("BAG-" + n, 1, 9_000)));
            CustomerEvent refund = refund(customerId, "refund-" + n, refundedOrder, 8_000, line("SHIRT-" + n, 2, 8_000));
            producer.send(UNIFIED, customerId, refund);

            // the money went back in Shopify: the case is opened REFUNDED
            ReturnCaseEvent refunded = awaitCase(returns, customerId, e -> e.getOrderId().equals(refundedOrder)
                    && e.getStatus() == ReturnStatus.REFUNDED);
            assertThat(refunded.getOrigin()).isEqualTo(ReturnOrigin.SHOPIFY);
            assertThat(refunded.getRefundAmount().getCurrency()).isEqualTo("JPY");
            assertThat(refunded.getRefundAmount().getAmount()).isEqualByComparingTo("8000");
            assertThat(refunded.getLines()).singleElement().satisfies(l -> {
                assertThat(l.getSku()).isEqualTo("SHIRT-" + n);
                assertThat(l.getQuantity()).isEqualTo(2);
            });
            assertThat(refunded.getMetadata().getCausationId()).isEqualTo(refund.getMetadata().getEventId());
            assertThat(refunded.getMetadata().getCorrelationId()).isEqualTo(refund.getMetadata().getCorrelationId());

            // the same refund again: redelivered as is, and re-published with another eventId
            producer.send(UNIFIED, customerId, refund);
            producer.send(UNIFIED, customerId, refund(customerId, "refund-" + n, refundedOrder, 8_000, line("SHIRT-" + n, 2, 8_000)));
            assertThat(returns.collect(Duration.ofSeconds(3)))
                    .filteredOn(r -> r.value() instanceof ReturnCaseEvent e && e.getOrderId().equals(refundedOrder))
                    .hasSize(1);
            as(ASSOCIATE).queryParam("customerId", customerId).get("/returns").then().statusCode(200)
                    .body("$", hasSize(1))
                    .body("[0].returnCaseId", equalTo(refunded.getReturnCaseId()))
                    .body("[0].status", equalTo("REFUNDED"));

            // the policy: final sale, outside the window, unknown order, units already refunded
            rejected(request(customerId, laterOrder, "FINAL-SOCKS-" + n, 1, 500), "final-sale");
            rejected(request(customerId, oldOrder, "BAG-" + n, 1, 9_000), "outside-return-window");
            rejected(request(customerId, "no-such-order-" + n, "BAG-" + n, 1, 9_000), "unknown-order");
            rejected(request(customerId, refundedOrder, "SHIRT-" + n, 1, 4_000), "quantity-exceeds-purchase");

            // an associate takes a return of the jacket from request to refund
            String caseId = as(ASSOCIATE).contentType(ContentType.JSON)
                    .body(request(customerId, laterOrder, "JACKET-" + n, 1, 12_000))
                    .post("/returns")
                    .then().statusCode(201)
                    .body("status", equalTo("REQUESTED")).body("origin", equalTo("ASSOCIATE"))
                    .extract().path("returnCaseId");
            ReturnCaseEvent requested = awaitStatus(returns, customerId, caseId, ReturnStatus.REQUESTED);
            assertThat(requested.getOrigin()).isEqualTo(ReturnOrigin.ASSOCIATE);
            assertThat(requested.getReason()).isEqualTo("too small");

            // steps cannot be skipped
            as(MANAGER).post("/returns/" + caseId + "/refund").then().statusCode(409)
                    .header("Content-Type", startsWith("application/problem+json"))
                    .body("type", endsWith("/invalid-transition"));

            as(MANAGER).post("/returns/" + caseId + "/approve").then().statusCode(200).body("status", equalTo("APPROVED"));
            ReturnCaseEvent approved = awaitStatus(returns, customerId, caseId, ReturnStatus.APPROVED);
            assertThat(approved.getMetadata().getCorrelationId()).isEqualTo(requested.getMetadata().getEventId());
            assertThat(approved.getMetadata().getCausationId()).isEqualTo(requested.getMetadata().getEventId());

            as(ASSOCIATE).post("/returns/" + caseId + "/received").then().statusCode(200).body("status", equalTo("RECEIVED"));
            awaitStatus(returns, customerId, caseId, ReturnStatus.RECEIVED);

            as(MANAGER).post("/returns/" + caseId + "/refund").then().statusCode(200).body("status", equalTo("REFUNDED"));
            ReturnCaseEvent associateRefund = awaitStatus(returns, customerId, caseId, ReturnStatus.REFUNDED);
            assertThat(associateRefund.getRefundAmount().getAmount()).isEqualByComparingTo("12000");
            assertThat(associateRefund.getRefundAmount().getCurrency()).isEqualTo("JPY");
            assertThat(associateRefund.getLines()).singleElement()
                    .satisfies(l -> assertThat(l.getSku()).isEqualTo("JACKET-" + n));

            as(MANAGER).post("/returns/" + caseId + "/approve").then().statusCode(409);
            as(ASSOCIATE).get("/returns/" + caseId).then().statusCode(200)
                    .body("status", equalTo("REFUNDED")).body("lines", hasSize(1)).body("nextActions", hasSize(0));
            as(ASSOCIATE).queryParam("customerId", customerId).get("/returns").then().statusCode(200).body("$", hasSize(2));
            as(ASSOCIATE).get("/returns/" + UUID.randomUUID()).then().statusCode(404);
        }
    }

    @Test
    void aRejectedRequestCarriesTheRejectionReason() {
        String n = unique();
        String customerId = UUID.randomUUID().toString();
        String order = "shop-order-r" + n;
        try (TopicProbe returns = TopicProbe.from(RETURNS)) {
            producer.send(UNIFIED, customerId, purchase(customerId, order, Instant.now(), line("DRESS-" + n, 1, 15_000)));
            // the purchase is applied asynchronously: until then the order is unknown
            String caseId = org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
                var response = as(ASSOCIATE).contentType(ContentType.JSON).body(request(customerId, order, "DRESS-" + n, 1, 15_000))
                        .post("/returns");
                if (response.statusCode() == 201) {
                    return response.path("returnCaseId").toString();
                }
                assertThat(response.statusCode()).isEqualTo(422);
                assertThat(response.<String>path("type")).endsWith("/unknown-order");
                return null;
            }, id -> id != null);
            as(MANAGER).queryParam("reason", "worn").post("/returns/" + caseId + "/reject").then().statusCode(200)
                    .body("status", equalTo("REJECTED")).body("rejectionReason", equalTo("worn"));
            ReturnCaseEvent rejected = awaitStatus(returns, customerId, caseId, ReturnStatus.REJECTED);
            assertThat(rejected.getReason()).isEqualTo("worn");
            assertThat(rejected.getRefundAmount()).isNull();
            as(ASSOCIATE).post("/returns/" + caseId + "/received").then().statusCode(409);
        }
    }

    @Test
    void aReturnTheShopManagesOpensOneCaseThatFollowsItForwardAndItsRefundCompletesIt() {
        String n = unique();
        String customerId = UUID.randomUUID().toString();
        String orderId = "shop-order-r" + n;
        String returnId = "shopify-return-" + n;
        try (TopicProbe returns = TopicProbe.from(RETURNS)) {
            producer.send(UNIFIED, customerId, purchase(customerId, orderId, Instant.now(), line("DRESS-" + n, 1, 15_000)));
            producer.send(UNIFIED, customerId, sourceReturn(customerId, TouchpointType.RETURN_REQUEST, ReturnDetails.newBuilder()
                    .setReturnId(returnId).setOrderId(orderId).setStatus(SourceReturnStatus.REQUESTED).setReason("SIZE_TOO_SMALL")
                    .setLines(List.of(ItemQuantity.newBuilder().setSku("DRESS-" + n).setQuantity(1).build())).build()));
            ReturnCaseEvent requested = awaitCase(returns, customerId, e -> e.getOrderId().equals(orderId)
                    && e.getStatus() == ReturnStatus.REQUESTED);
            assertThat(requested.getOrigin()).isEqualTo(ReturnOrigin.SHOPIFY);
            assertThat(requested.getLines()).singleElement().satisfies(l -> assertThat(l.getAmount().getAmount()).isEqualByComparingTo("15000"));
            String caseId = requested.getReturnCaseId();

            // approved with a label; then the request delivered again, late: the case does not go back
            producer.send(UNIFIED, customerId, sourceReturn(customerId, TouchpointType.RETURN_UPDATED, ReturnDetails.newBuilder()
                    .setReturnId(returnId).setOrderId(orderId).setStatus(SourceReturnStatus.OPEN)
                    .setLabelUrl("https://labels.example/" + n + ".pdf").build()));
            awaitStatus(returns, customerId, caseId, ReturnStatus.APPROVED);
            producer.send(UNIFIED, customerId, sourceReturn(customerId, TouchpointType.RETURN_REQUEST, ReturnDetails.newBuilder()
                    .setReturnId(returnId).setOrderId(orderId).setStatus(SourceReturnStatus.REQUESTED).build()));
            producer.send(UNIFIED, customerId, refund(customerId, "refund-r" + n, orderId, 15_000, line("DRESS-" + n, 1, 15_000)));

            ReturnCaseEvent refunded = awaitStatus(returns, customerId, caseId, ReturnStatus.REFUNDED);
            assertThat(refunded.getRefundAmount().getAmount()).isEqualByComparingTo("15000");
            List<ReturnCaseEvent> ofTheOrder = returns.collect(Duration.ofSeconds(1)).stream()
                    .filter(r -> r.value() instanceof ReturnCaseEvent e && e.getOrderId().equals(orderId))
                    .map(r -> (ReturnCaseEvent) r.value()).toList();
            assertThat(ofTheOrder).as("one case").allMatch(e -> e.getReturnCaseId().equals(caseId));
            assertThat(ofTheOrder).extracting(ReturnCaseEvent::getStatus).as("forward only")
                    .containsExactly(ReturnStatus.REQUESTED, ReturnStatus.APPROVED, ReturnStatus.REFUNDED);
            as(ASSOCIATE).get("/returns/" + caseId).then().statusCode(200)
                    .body("status", equalTo("REFUNDED"))
                    .body("sourceReturnId", equalTo(returnId))
                    .body("labelUrl", endsWith(n + ".pdf"));
        }
    }

    static CustomerEvent sourceReturn(String customerId, TouchpointType type, ReturnDetails details) {
        return event(customerId, type, details.getReturnId()).setSourceReturn(details).build();
    }

    @Test
    void anAssociatesReturnIsPricedAtWhatWasPaidRecordsWhoTookEachStepIssuesALabelAndEndsInAnExchangeForLess() {
        String n = unique();
        String customerId = UUID.randomUUID().toString();
        String orderId = "shop-order-x" + n;
        try (TopicProbe returns = TopicProbe.from(RETURNS)) {
            LineItem dress = LineItem.newBuilder(line("DRESS-" + n, 1, 10_000)).setCategory("dresses").build();
            LineItem radio = LineItem.newBuilder(line("RADIO-" + n, 1, 8_000)).setCategory("Electronics").build();
            producer.send(UNIFIED, customerId, purchase(customerId, orderId, Instant.now().minus(Duration.ofDays(20)), dress, radio));
            await().atMost(WAIT).untilAsserted(() -> rejected(request(customerId, orderId, "RADIO-" + n, 1, 8_000), "outside-return-window"));
            rejected(request(customerId, orderId, "DRESS-" + n, 1, 10_001), "refund-exceeds-paid");

            String caseId = as(ASSOCIATE).contentType(ContentType.JSON)
                    .body(Map.of("customerId", customerId, "orderId", orderId, "lines", List.of(Map.of("sku", "DRESS-" + n, "quantity", 1))))
                    .post("/returns").then().statusCode(201)
                    .body("lines[0].amount", equalTo(10_000.0f)).body("currency", equalTo("JPY"))
                    .extract().path("returnCaseId");
            as(MANAGER).post("/returns/" + caseId + "/approve").then().statusCode(200);
            as(ASSOCIATE).contentType(ContentType.JSON).body(Map.of("carrier", "yamato", "trackingNumber", "4912-3456-7890",
                            "url", "https://labels.example.com/" + caseId))
                    .post("/returns/" + caseId + "/label").then().statusCode(200).body("status", equalTo("LABEL_ISSUED"));
            ReturnCaseEvent labelled = awaitStatus(returns, customerId, caseId, ReturnStatus.LABEL_ISSUED);
            assertThat(labelled.getLabel().getTrackingNumber()).isEqualTo("4912-3456-7890");
            assertThat(labelled.getLabel().getCarrier()).isEqualTo("yamato");
            assertThat(labelled.getActor()).isEqualTo("associate");

            as(ASSOCIATE).post("/returns/" + caseId + "/received").then().statusCode(200);
            as(MANAGER).contentType(ContentType.JSON)
                    .body(Map.of("lines", List.of(Map.of("sku", "DRESS-B-" + n, "quantity", 1, "amount", 7_000))))
                    .post("/returns/" + caseId + "/exchange").then().statusCode(200)
                    .body("status", equalTo("EXCHANGED")).body("exchange.priceDifference", equalTo(-3_000.0f));
            ReturnCaseEvent exchanged = awaitStatus(returns, customerId, caseId, ReturnStatus.EXCHANGED);
            assertThat(exchanged.getExchange().getPriceDifference().getAmount()).isEqualByComparingTo("-3000");
            assertThat(exchanged.getExchange().getLines()).singleElement().satisfies(l -> assertThat(l.getSku()).isEqualTo("DRESS-B-" + n));
            assertThat(exchanged.getExchange().getReplacementOrderId()).startsWith("exchange-");
            assertThat(exchanged.getRefundAmount().getAmount()).as("the difference goes back").isEqualByComparingTo("3000");
            assertThat(exchanged.getActor()).isEqualTo("manager");

            as(ASSOCIATE).get("/returns/" + caseId).then().statusCode(200)
                    .body("steps.status", contains("REQUESTED", "APPROVED", "LABEL_ISSUED", "RECEIVED", "EXCHANGED"))
                    .body("steps.actor", contains("associate", "manager", "associate", "associate", "manager"));
        }
    }

    private static void rejected(Map<String, Object> body, String problem) {
        as(ASSOCIATE).contentType(ContentType.JSON).body(body).post("/returns").then().statusCode(422)
                .header("Content-Type", startsWith("application/problem+json"))
                .body("type", endsWith("/" + problem));
    }

    private static ReturnCaseEvent awaitStatus(TopicProbe returns, String customerId, String caseId, ReturnStatus status) {
        return awaitCase(returns, customerId, e -> e.getReturnCaseId().equals(caseId) && e.getStatus() == status);
    }

    private static ReturnCaseEvent awaitCase(TopicProbe returns, String customerId, java.util.function.Predicate<ReturnCaseEvent> match) {
        return (ReturnCaseEvent) returns.await(r -> customerId.equals(r.key()) && r.value() instanceof ReturnCaseEvent e
                && match.test(e), WAIT).value();
    }

    static Map<String, Object> request(String customerId, String orderId, String sku, int quantity, long yen) {
        return Map.of("customerId", customerId, "orderId", orderId, "reason", "too small",
                "lines", List.of(Map.of("sku", sku, "quantity", quantity, "amount", yen, "currency", "JPY")));
    }

    static CustomerEvent purchase(String customerId, String orderId, Instant placedAt, LineItem... lines) {
        BigDecimal total = BigDecimal.ZERO;
        for (LineItem line : lines) {
            total = total.add(line.getUnitPrice().getAmount().multiply(BigDecimal.valueOf(line.getQuantity())));
        }
        PurchaseDetails details = PurchaseDetails.newBuilder().setOrderId(orderId).setOrderNumber(orderId)
                .setTotal(yen(total)).setLines(List.of(lines)).setPlacedAt(placedAt).build();
        return event(customerId, TouchpointType.PURCHASE, orderId).setPurchase(details).build();
    }

    static CustomerEvent refund(String customerId, String refundId, String orderId, long yen, LineItem... lines) {
        RefundDetails details = RefundDetails.newBuilder().setRefundId(refundId).setOrderId(orderId)
                .setAmount(yen(BigDecimal.valueOf(yen)))
                .setLines(java.util.Arrays.stream(lines).map(line -> RefundLine.newBuilder().setSku(line.getSku())
                        .setQuantity(line.getQuantity()).setAmount(line.getUnitPrice()).build()).toList())
                .setReason("damaged in transit").build();
        return event(customerId, TouchpointType.REFUND, refundId).setRefund(details).build();
    }

    /** For refunds the "unit price" is the amount refunded for the line. */
    static LineItem line(String sku, int quantity, long yen) {
        return LineItem.newBuilder().setSku(sku).setTitle(sku).setQuantity(quantity).setUnitPrice(yen(BigDecimal.valueOf(yen))).build();
    }

    static CustomerEvent.Builder event(String customerId, TouchpointType type, String reference) {
        String id = UUID.randomUUID().toString();
        return CustomerEvent.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test:returns"))
                .setCustomerId(customerId).setTouchpointId(id).setType(type)
                .setChannel(TouchpointChannel.ONLINE_SHOPIFY).setSourceSystem("shopify").setSourceReference(reference);
    }

    static Money yen(BigDecimal amount) {
        return Money.newBuilder().setCurrency("JPY").setAmount(amount.setScale(4)).build();
    }

    private static String unique() {
        return Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
    }
}
