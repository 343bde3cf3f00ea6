package io.omniretail.ingestion.pos.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.AppointmentStatus;
import io.omniretail.events.touchpoint.FulfillmentStatus;
import io.omniretail.events.touchpoint.ShipmentStatus;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The POS API against the real broker and registry: what a till sends becomes the touchpoints CDC would give. */
@QuarkusTest
class PosApiIT {

    static final String STORE = "store-042";
    static final String KEY = "demo-store-042-key";
    private TopicProbe touchpoints;

    @BeforeEach
    void watch() {
        touchpoints = TopicProbe.from("retail.touchpoints.v1");
    }

    @AfterEach
    void close() {
        touchpoints.close();
    }

    @Test
    void aSaleWithALoyaltyCardIsAVerifiedStorePurchaseAndItsRetryIsTheSameTouchpoint() {
        String n = unique();
        String idempotencyKey = UUID.randomUUID().toString();
        String body = sale(n, "\"customer\": {\"loyaltyCard\": \"49" + n + "\", \"emailMarketing\": true},",
                "\"tenders\": [{\"method\": \"CASH\", \"amount\": \"1000\"}, {\"method\": \"CARD\", \"amount\": \"4480\"}],");
        String touchpointId = post("/sales", KEY, idempotencyKey, body).statusCode(200)
                .body("status", equalTo("accepted")).extract().path("touchpointId");
        assertThat((String) post("/sales", KEY, idempotencyKey, body).statusCode(200).extract().path("touchpointId"))
                .as("a retry with the same key").isEqualTo(touchpointId);

        TopicProbe.Received received = touchpoints.await(r -> r.value() instanceof Touchpoint tp && tp.getTouchpointId().equals(touchpointId),
                Duration.ofSeconds(10));
        Touchpoint tp = (Touchpoint) received.value();
        assertThat(received.key()).isEqualTo("pos-card:49" + n);
        assertThat(tp.getType()).isEqualTo(TouchpointType.PURCHASE);
        assertThat(tp.getChannel()).isEqualTo(TouchpointChannel.STORE_POS);
        assertThat(tp.getStoreId()).isEqualTo(STORE);
        assertThat(tp.getIdentity().getPosLoyaltyCard()).isEqualTo("49" + n);
        assertThat(tp.getIdentity().getVerified()).isTrue();
        assertThat(tp.getPurchase().getOrderId()).isEqualTo("pos-receipt:" + STORE + ":R-" + n);
        assertThat(tp.getPurchase().getLines()).extracting(l -> l.getSku() + " x" + l.getQuantity())
                .containsExactly("TEE-ORG-WHT-M x2", "MUG-HASAMI-BLU x1");
        assertThat(tp.getAttributes()).containsEntry("tenders", "CASH:1000,CARD:4480");
        assertThat(tp.getConsents()).singleElement().satisfies(consent -> assertThat(consent.getChannel()).isEqualTo("EMAIL"));
    }

    @Test
    void aReturnNamesItsSaleByReceiptAndASignUpCarriesTheMarketingChoices() {
        String n = unique();
        String returnId = post("/returns", KEY, UUID.randomUUID().toString(), """
                {"receiptNo": "R-%s", "returnedAt": "2026-12-01T11:00:00+09:00", "currency": "JPY", "amount": "2480",
                 "lines": [{"sku": "MUG-HASAMI-BLU", "quantity": 1, "amount": "2480"}], "reason": "chipped"}""".formatted(n))
                .statusCode(200).extract().path("touchpointId");
        Touchpoint refund = (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint tp && tp.getTouchpointId().equals(returnId),
                Duration.ofSeconds(10)).value();
        assertThat(refund.getType()).isEqualTo(TouchpointType.REFUND);
        assertThat(refund.getRefund().getOrderId()).isEqualTo("pos-receipt:" + STORE + ":R-" + n);
        assertThat(refund.getRefund().getReason()).isEqualTo("chipped");

        String memberId = post("/members", KEY, UUID.randomUUID().toString(), """
                {"loyaltyCard": "48%s", "email": "member.%s@example.jp", "phone": "090-1111-2222", "firstName": "花",
                 "birthDate": "1990-04-01", "emailMarketing": true, "smsMarketing": false}""".formatted(n, n))
                .statusCode(200).extract().path("touchpointId");
        Touchpoint signUp = (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint tp && tp.getTouchpointId().equals(memberId),
                Duration.ofSeconds(10)).value();
        assertThat(signUp.getType()).isEqualTo(TouchpointType.SIGNUP);
        assertThat(signUp.getIdentity().getBirthDate()).hasToString("1990-04-01");
        assertThat(signUp.getConsents()).extracting(c -> c.getChannel() + "=" + c.getGranted()).containsExactly("EMAIL=true", "SMS=false");
    }

    @Test
    void anAppointmentIsBookedThenMovedAndAPickupOfAnOnlineOrderIsItsFulfilment() {
        String n = unique();
        String booked = post("/appointments", KEY, UUID.randomUUID().toString(), appointment(n, "BOOKED", "2026-12-05T14:00:00+09:00"))
                .statusCode(200).extract().path("touchpointId");
        String moved = post("/appointments", KEY, UUID.randomUUID().toString(), appointment(n, "MOVED", "2026-12-06T11:00:00+09:00"))
                .statusCode(200).extract().path("touchpointId");
        Touchpoint booking = await(booked);
        assertThat(booking.getType()).isEqualTo(TouchpointType.APPOINTMENT_BOOKED);
        assertThat(booking.getIdentity().getPosLoyaltyCard()).isEqualTo("46" + n);
        assertThat(booking.getAppointment().getService()).isEqualTo("fitting");
        assertThat(booking.getAppointment().getStartsAt()).isEqualTo(Instant.parse("2026-12-05T05:00:00Z"));
        Touchpoint move = await(moved);
        assertThat(move.getType()).isEqualTo(TouchpointType.APPOINTMENT_UPDATED);
        assertThat(move.getAppointment().getStatus()).isEqualTo(AppointmentStatus.MOVED);
        assertThat(move.getAppointment().getAppointmentId()).isEqualTo(booking.getAppointment().getAppointmentId());

        String ready = post("/pickups", KEY, UUID.randomUUID().toString(), """
                {"pickupId": "P-%s", "orderId": "82%s", "status": "READY", "at": "2026-12-01T15:00:00+09:00",
                 "lines": [{"sku": "TEE-ORG-WHT-M", "quantity": 1}]}""".formatted(n, n)).statusCode(200).extract().path("touchpointId");
        Touchpoint pickup = await(ready);
        assertThat(pickup.getType()).isEqualTo(TouchpointType.FULFILLMENT_UPDATED);
        assertThat(pickup.getFulfillment().getOrderId()).isEqualTo("82" + n);
        assertThat(pickup.getFulfillment().getStatus()).isEqualTo(FulfillmentStatus.OPEN);
        assertThat(pickup.getFulfillment().getShipmentStatus()).isEqualTo(ShipmentStatus.READY_FOR_PICKUP);

        problem(post("/appointments", KEY, UUID.randomUUID().toString(), appointment(n, "BOOKED", "2026-12-05T14:00:00+09:00")
                .replace("\"endsAt\": \"2026-12-30T00:00:00+09:00\"", "\"endsAt\": \"2026-12-01T00:00:00+09:00\"")), 422, "ends-before-it-starts");
        problem(post("/pickups", KEY, UUID.randomUUID().toString(), "{\"pickupId\": \"P\", \"orderId\": \"1\", \"status\": \"LOST\"}"),
                400, "malformed-json");
    }

    private Touchpoint await(String touchpointId) {
        return (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint tp && tp.getTouchpointId().equals(touchpointId),
                Duration.ofSeconds(10)).value();
    }

    private static String appointment(String n, String status, String startsAt) {
        return """
                {"appointmentId": "A-%s", "status": "%s", "startsAt": "%s", "endsAt": "2026-12-30T00:00:00+09:00",
                 "service": "fitting", "advisor": "Sato", "customer": {"loyaltyCard": "46%s"}}""".formatted(n, status, startsAt, n);
    }

    @Test
    void badRequestsGetProblemDetailsAndNothingReachesKafka() {
        String n = unique();
        String good = sale(n, "\"customer\": {\"loyaltyCard\": \"47" + n + "\"},", "");
        problem(post("/sales", "not-the-key", UUID.randomUUID().toString(), good), 401, "invalid-store-key");
        problem(post("/sales", null, UUID.randomUUID().toString(), good), 401, "invalid-store-key");
        problem(given().header("Authorization", "Bearer " + KEY).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json").body(good).post("/pos/stores/store-999/sales").then(), 401, "invalid-store-key");
        problem(post("/sales", KEY, null, good), 400, "missing-idempotency-key");
        problem(post("/sales", KEY, UUID.randomUUID().toString(), good.replace("\"quantity\": 2", "\"quantity\": 0")), 400, "invalid-request")
                .body("detail", containsString("quantity"));
        problem(post("/sales", KEY, UUID.randomUUID().toString(),
                sale(n, "\"customer\": {\"loyaltyCard\": \"47" + n + "\"},", "\"tenders\": [{\"method\": \"CASH\", \"amount\": \"100\"}],")),
                422, "tenders-do-not-add-up");
        problem(post("/members", KEY, UUID.randomUUID().toString(), "{\"firstName\": \"nobody\"}"), 422, "no-identifier");
        post("/sales", KEY, UUID.randomUUID().toString(), sale(n, "", "")).statusCode(200).body("status", equalTo("ignored"));

        assertThat(touchpoints.collect(Duration.ofSeconds(3)))
                .noneMatch(r -> r.value() instanceof Touchpoint tp && tp.getSourceReference().equals("receipt:R-" + n));
    }

    private static String sale(String n, String customer, String tenders) {
        return """
                {"receiptNo": "R-%s", "soldAt": "2026-12-01T10:00:00+09:00", "currency": "JPY", "total": "5480", %s %s
                 "lines": [{"sku": "TEE-ORG-WHT-M", "title": "Organic tee", "quantity": 2, "unitPrice": "1500"},
                           {"sku": "MUG-HASAMI-BLU", "title": "Hasami mug", "quantity": 1, "unitPrice": "2480"}]}"""
                .formatted(n, customer, tenders);
    }

    private static ValidatableResponse post(String path, String key, String idempotencyKey, String body) {
        var request = given().contentType("application/json").body(body);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/pos/stores/" + STORE + path).then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("type", equalTo("https://omniretail.io/problems/" + slug));
    }

    private static String unique() {
        return Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
    }
}
