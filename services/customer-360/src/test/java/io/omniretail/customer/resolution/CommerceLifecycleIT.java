package io.omniretail.customer.resolution;

import static io.omniretail.testing.TestTokens.as;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.customer.resolution.IdentityResolutionIT.purchase;
import static io.omniretail.customer.resolution.IdentityResolutionIT.touchpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.privacy.PrivacyAction;
import io.omniretail.events.privacy.PrivacyCommand;
import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.FinancialStatus;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.OrderFulfillmentStatus;
import io.omniretail.events.touchpoint.OrderStatus;
import io.omniretail.events.touchpoint.PrivacyRequest;
import io.omniretail.events.touchpoint.PrivacyRequestKind;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.ReturnDetails;
import io.omniretail.events.touchpoint.SourceReturnStatus;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The commerce lifecycle as Shopify reports it, against the real stack: orders placed, paid and cancelled, profiles
 * and consents from the shop, privacy requests, and deliveries that name only an order or a return.
 */
@QuarkusTest
class CommerceLifecycleIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestProducer producer = TestProducer.shared();
    static final String TOPIC = "retail.touchpoints.v1";

    @Inject
    AgroalDataSource database;

    @Test
    void anOrderIsCountedOnceWhenPaidAndUncountedWhenCancelled() {
        String n = unique();
        IdentityHints buyer = IdentityHints.newBuilder().setEmail("life." + n + "@example.jp").setVerified(true).build();
        String orderId = "order-" + n;
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1")) {
            Touchpoint placed = order(TouchpointType.ORDER_PLACED, buyer, orderId, FinancialStatus.PENDING, null);
            producer.send(TOPIC, "email:" + n, placed);
            String customerId = unifiedFor(unified, placed).getCustomerId();
            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(200).body("purchaseCount", equalTo(0));

            Touchpoint paid = order(TouchpointType.PURCHASE, buyer, orderId, FinancialStatus.PAID, null);
            producer.send(TOPIC, "email:" + n, paid);
            assertThat(unifiedFor(unified, paid).getIsFirstPurchase()).isTrue();
            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(200).body("purchaseCount", equalTo(1));

            Touchpoint cancelled = order(TouchpointType.ORDER_CANCELLED, buyer, orderId, FinancialStatus.REFUNDED, Instant.now());
            producer.send(TOPIC, "email:" + n, cancelled);
            CustomerEvent cancellation = unifiedFor(unified, cancelled);
            assertThat(cancellation.getOrder().getCancelReason()).isEqualTo("customer");
            CustomerProfile profile = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(customerId) && p.getMetadata().getCausationId().equals(cancelled.getTouchpointId()), WAIT).value();
            assertThat(profile.getStats().getPurchaseCount()).isZero();
            assertThat(profile.getStats().getLifetimeSpend().getAmount()).isZero();
        }
    }

    @Test
    void onePurchaseReportedByTheStoresPosAndByShopifyIsCountedOnceAndItsRefundNamesTheFirstReport() {
        String n = unique();
        IdentityHints buyer = IdentityHints.newBuilder().setEmail("till." + n + "@example.jp").setVerified(true).build();
        String receipt = "store-042:R-" + n;
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1")) {
            Touchpoint atTheTill = withReceipt(touchpoint(TouchpointType.PURCHASE, TouchpointChannel.STORE_POS, buyer,
                    purchase("pos-receipt:" + receipt, 5_000)), receipt);
            producer.send(TOPIC, "email:" + n, atTheTill);
            CustomerEvent first = unifiedFor(unified, atTheTill);
            assertThat(first.getIsFirstPurchase()).isTrue();

            Touchpoint syncedToShopify = withReceipt(touchpoint(TouchpointType.PURCHASE, TouchpointChannel.ONLINE_SHOPIFY, buyer,
                    purchase("shopify-" + n, 5_000)), receipt);
            producer.send(TOPIC, "email:" + n, syncedToShopify);
            CustomerProfile afterCopy = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getMetadata().getCausationId().equals(syncedToShopify.getTouchpointId()), WAIT).value();
            assertThat(afterCopy.getStats().getPurchaseCount()).isEqualTo(1);
            assertThat(afterCopy.getStats().getStorePurchaseCount()).isEqualTo(1);

            // Shopify refunds its copy: the refund reaches the stream naming the purchase downstream knows
            Touchpoint refund = Touchpoint.newBuilder(touchpoint(TouchpointType.REFUND, TouchpointChannel.ONLINE_SHOPIFY,
                    IdentityHints.newBuilder().setVerified(true).build(), null))
                    .setRefund(RefundDetails.newBuilder().setRefundId("refund-" + n).setOrderId("shopify-" + n)
                            .setAmount(first.getPurchase().getTotal()).build()).build();
            producer.send(TOPIC, "shopify-order:shopify-" + n, refund);
            assertThat(unifiedFor(unified, refund).getRefund().getOrderId()).isEqualTo("pos-receipt:" + receipt);
            assertThat(unified.collect(Duration.ZERO)).noneMatch(r -> r.value() instanceof CustomerEvent e
                    && e.getTouchpointId().equals(syncedToShopify.getTouchpointId()));
            as(ASSOCIATE).get("/customers/" + first.getCustomerId()).then().statusCode(200).body("purchaseCount", equalTo(1));
        }
    }

    @Test
    void aPaymentDeliveredAfterItsOrdersCancellationNeverReachesTheUnifiedStream() {
        String n = unique();
        IdentityHints buyer = IdentityHints.newBuilder().setEmail("late." + n + "@example.jp").setVerified(true).build();
        String orderId = "order-" + n;
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1")) {
            Touchpoint cancelled = order(TouchpointType.ORDER_CANCELLED, buyer, orderId, FinancialStatus.VOIDED, Instant.now());
            producer.send(TOPIC, "email:" + n, cancelled);
            String customerId = unifiedFor(unified, cancelled).getCustomerId();

            Touchpoint latePayment = order(TouchpointType.PURCHASE, buyer, orderId, FinancialStatus.PAID, null);
            producer.send(TOPIC, "email:" + n, latePayment);
            Touchpoint next = touchpoint(TouchpointType.PROFILE_UPDATE, TouchpointChannel.ONLINE_SHOPIFY, buyer, null);
            producer.send(TOPIC, "email:" + n, next);
            unifiedFor(unified, next);

            assertThat(unified.collect(Duration.ZERO)).noneMatch(r -> r.value() instanceof CustomerEvent e
                    && e.getTouchpointId().equals(latePayment.getTouchpointId()));
            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(200).body("purchaseCount", equalTo(0));
        }
    }

    @Test
    void anOlderProfileDeliveryNeverOverwritesANewerOneAndEveryConsentIsKept() {
        String n = unique();
        String email = "profile." + n + "@example.jp";
        Instant earlier = Instant.parse("2025-09-20T00:00:00Z");
        Instant later = earlier.plusSeconds(3_600);
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1")) {
            Touchpoint newer = profile(email, "Hanako", later, List.of(
                    consent("EMAIL", true, later), consent("SMS", true, later)));
            producer.send(TOPIC, "email:" + n, newer);
            String customerId = unifiedFor(unified, newer).getCustomerId();
            Touchpoint older = profile(email, "Hana", earlier, List.of(consent("SMS", false, earlier)));
            producer.send(TOPIC, "email:" + n, older);
            unifiedFor(unified, older);

            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(200)
                    .body("firstName", equalTo("Hanako"))
                    .body("consents.find { it.channel == 'EMAIL' && it.purpose == 'MARKETING' }.granted", equalTo(true))
                    .body("consents.find { it.channel == 'SMS' && it.purpose == 'MARKETING' }.granted", equalTo(true));
        }
    }

    @Test
    void aPrivacyRequestCreatesNobodyIsAlwaysRecordedAndReachesTheStreamForAKnownCustomer() throws SQLException {
        String n = unique();
        String knownEmail = "known." + n + "@example.jp";
        String strangerEmail = "stranger." + n + "@example.jp";
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe commands = TopicProbe.from("retail.privacy.commands.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1")) {
            Touchpoint signUp = touchpoint(TouchpointType.SIGNUP, TouchpointChannel.ONLINE_SHOPIFY,
                    IdentityHints.newBuilder().setEmail(knownEmail).setVerified(true).build(), null);
            producer.send(TOPIC, "email:" + n, signUp);
            String customerId = unifiedFor(unified, signUp).getCustomerId();

            Touchpoint forStranger = privacy(strangerEmail, PrivacyRequestKind.ERASE_CUSTOMER);
            Touchpoint forKnown = privacy(knownEmail, PrivacyRequestKind.EXPORT_CUSTOMER);
            producer.send(TOPIC, "email:s" + n, forStranger);
            producer.send(TOPIC, "email:" + n, forKnown);

            CustomerEvent passedOn = unifiedFor(unified, forKnown);
            assertThat(passedOn.getCustomerId()).isEqualTo(customerId);
            assertThat(passedOn.getPrivacyRequest().getKind()).isEqualTo(PrivacyRequestKind.EXPORT_CUSTOMER);
            // the known customer's request starts the coordination: every participant is asked (ADR 0019)
            assertThat(privacyRequest(forKnown.getTouchpointId())).isEqualTo("EXPORT_CUSTOMER IN_PROGRESS " + customerId);
            PrivacyCommand export = (PrivacyCommand) commands.await(r -> r.value() instanceof PrivacyCommand c
                    && c.getRequestId().equals(forKnown.getTouchpointId()), WAIT).value();
            assertThat(export.getAction()).isEqualTo(PrivacyAction.EXPORT);
            assertThat(export.getCustomerIds()).containsExactly(customerId);
            assertThat(awaitPrivacyRequest(forStranger.getTouchpointId())).isEqualTo("ERASE_CUSTOMER NO_SUCH_CUSTOMER null");
            // the stranger's request is applied (recorded) by now: it created nobody and published nothing
            as(ASSOCIATE).queryParam("type", "EMAIL").queryParam("value", strangerEmail).get("/customers").then().statusCode(404);
            assertThat(unified.collect(Duration.ofSeconds(1))).noneMatch(r -> r.value() instanceof CustomerEvent e
                    && e.getTouchpointId().equals(forStranger.getTouchpointId()));

            // customers/redact of the known customer: customer-360 forgets them at once, asks the others, and ends their
            // profile with an erased one and a tombstone
            Touchpoint redact = privacy(knownEmail, PrivacyRequestKind.ERASE_CUSTOMER);
            producer.send(TOPIC, "email:" + n, redact);
            PrivacyCommand erase = (PrivacyCommand) commands.await(r -> r.value() instanceof PrivacyCommand c
                    && c.getRequestId().equals(redact.getTouchpointId()), WAIT).value();
            assertThat(erase.getAction()).isEqualTo(PrivacyAction.ERASE);
            assertThat(erase.getCustomerIds()).containsExactly(customerId);
            assertThat(erase.getDueBy()).isAfter(Instant.now().plus(Duration.ofDays(29)));
            profiles.await(r -> customerId.equals(r.key()) && r.value() instanceof CustomerProfile p && p.getErased(), WAIT);
            profiles.await(r -> customerId.equals(r.key()) && r.value() == null, WAIT);
            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(404);
            as(ASSOCIATE).queryParam("type", "EMAIL").queryParam("value", knownEmail).get("/customers").then().statusCode(404);
        }
    }

    @Test
    void aReturnLabelThatNamesOnlyTheReturnFindsTheBuyerThroughTheReturnsRequest() {
        String n = unique();
        IdentityHints buyer = IdentityHints.newBuilder().setEmail("returner." + n + "@example.jp").setVerified(true).build();
        String orderId = "order-" + n;
        String returnId = "return-" + n;
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1")) {
            Touchpoint paid = order(TouchpointType.PURCHASE, buyer, orderId, FinancialStatus.PAID, null);
            producer.send(TOPIC, "email:" + n, paid);
            String customerId = unifiedFor(unified, paid).getCustomerId();

            // the label first, on another partition: it waits for the request
            Touchpoint label = returned(TouchpointType.RETURN_UPDATED, ReturnDetails.newBuilder().setReturnId(returnId)
                    .setStatus(SourceReturnStatus.OPEN).setLabelUrl("https://labels.example/" + n + ".pdf").build());
            producer.send(TOPIC, "shopify-return:" + returnId, label);
            Touchpoint request = returned(TouchpointType.RETURN_REQUEST, ReturnDetails.newBuilder().setReturnId(returnId)
                    .setOrderId(orderId).setStatus(SourceReturnStatus.REQUESTED).build());
            producer.send(TOPIC, "shopify-order:" + orderId, request);

            assertThat(unifiedFor(unified, request).getCustomerId()).isEqualTo(customerId);
            CustomerEvent labelled = unifiedFor(unified, label);
            assertThat(labelled.getCustomerId()).isEqualTo(customerId);
            assertThat(labelled.getSourceReturn().getLabelUrl()).endsWith(n + ".pdf");
        }
    }

    private String awaitPrivacyRequest(String requestId) throws SQLException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String found;
        while ((found = privacyRequest(requestId)) == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    private String privacyRequest(String requestId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select kind, status, customer_id from privacy_request where request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) + " " + row.getString(2) + " " + row.getString(3) : null;
            }
        }
    }

    private static Touchpoint order(TouchpointType type, IdentityHints buyer, String orderId, FinancialStatus paid, Instant cancelledAt) {
        Touchpoint base = touchpoint(type, TouchpointChannel.ONLINE_SHOPIFY, buyer, purchase(orderId, 3_000));
        return Touchpoint.newBuilder(base).setOrder(OrderStatus.newBuilder().setOrderId(orderId).setFinancialStatus(paid)
                .setFulfillmentStatus(OrderFulfillmentStatus.UNFULFILLED).setCancelledAt(cancelledAt)
                .setCancelReason(cancelledAt == null ? null : "customer").build()).build();
    }

    private static Touchpoint withReceipt(Touchpoint purchase, String receiptReference) {
        return Touchpoint.newBuilder(purchase).setPurchase(PurchaseDetails.newBuilder(purchase.getPurchase())
                .setReceiptReference(receiptReference).build()).build();
    }

    private static Touchpoint profile(String email, String firstName, Instant updatedAt, List<ConsentHint> consents) {
        Touchpoint base = touchpoint(TouchpointType.PROFILE_UPDATE, TouchpointChannel.ONLINE_SHOPIFY,
                IdentityHints.newBuilder().setEmail(email).setFirstName(firstName).setVerified(true).build(), null);
        return Touchpoint.newBuilder(base).setSourceUpdatedAt(updatedAt).setConsents(consents).build();
    }

    private static ConsentHint consent(String channel, boolean granted, Instant at) {
        return ConsentHint.newBuilder().setChannel(channel).setGranted(granted).setCapturedAt(at).setOptInLevel("single_opt_in").build();
    }

    private static Touchpoint privacy(String email, PrivacyRequestKind kind) {
        Touchpoint base = touchpoint(TouchpointType.PRIVACY_REQUEST, TouchpointChannel.ONLINE_SHOPIFY,
                IdentityHints.newBuilder().setEmail(email).setVerified(true).build(), null);
        return Touchpoint.newBuilder(base).setPrivacyRequest(PrivacyRequest.newBuilder().setKind(kind)
                .setOrderIds(List.of()).setShop("demo-shop.myshopify.com").build()).build();
    }

    private static Touchpoint returned(TouchpointType type, ReturnDetails details) {
        Touchpoint base = touchpoint(type, TouchpointChannel.ONLINE_SHOPIFY, IdentityHints.newBuilder().setVerified(true).build(), null);
        return Touchpoint.newBuilder(base).setSourceReturn(details).build();
    }

    private static CustomerEvent unifiedFor(TopicProbe unified, Touchpoint touchpoint) {
        return (CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                && e.getTouchpointId().equals(touchpoint.getTouchpointId()), WAIT).value();
    }

    private static String unique() {
        return Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
    }
}
