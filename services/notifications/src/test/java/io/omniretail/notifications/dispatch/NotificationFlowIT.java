package io.omniretail.notifications.dispatch;

import static io.omniretail.testing.TestTokens.as;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.ChannelConsent;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.ProfileStats;
import io.omniretail.events.notification.DeliveryReceipt;
import io.omniretail.events.notification.DeliveryStatus;
import io.omniretail.events.notification.DispatchMessage;
import io.omniretail.events.notification.NotificationEvent;
import io.omniretail.events.notification.NotificationOutcome;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/** notifications against the real stack: language, channel, consent, receipts and fallback. */
@QuarkusTest
class NotificationFlowIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestProducer producer = TestProducer.shared();

    @Test
    void aJapaneseThankYouGoesToThePreferredChannelAndFallsBackToSmsWhenEmailFails() {
        String customerId = UUID.randomUUID().toString();
        producer.send("retail.customers.profiles.v1", customerId, profile(customerId, "ja-JP", ContactChannel.EMAIL));
        NotificationRequest request = request(customerId, ConsentPurpose.TRANSACTIONAL, Map.of("orderNumber", "#1001",
                "pointsEarned", "123", "pointsBalance", "123", "couponCode", "WEL-7K3M9QX2", "discount", "10%",
                "couponValidUntil", "2026-12-23"));
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe sms = TopicProbe.from("retail.notifications.dispatch.sms.v1");
                TopicProbe events = TopicProbe.from("retail.notifications.events.v1")) {
            awaitProfile(customerId);
            producer.send("retail.notifications.requests.v1", customerId, request);

            DispatchMessage first = (DispatchMessage) email.await(r -> r.value() instanceof DispatchMessage d
                    && d.getNotificationId().equals(request.getNotificationId()), WAIT).value();
            assertThat(first.getLanguage()).isEqualTo("ja");
            assertThat(first.getRecipient()).isEqualTo("hana@example.jp");
            assertThat(first.getSubject()).isEqualTo("ご注文ありがとうございます（#1001）");
            assertThat(first.getBody()).contains("花子様").contains("123ポイント").contains("WEL-7K3M9QX2").contains("10%オフ");
            assertThat(first.getMetadata().getCorrelationId()).isEqualTo(request.getMetadata().getCorrelationId());

            producer.send("retail.notifications.receipts.v1", customerId, receipt(first, DeliveryStatus.FAILED));
            DispatchMessage second = (DispatchMessage) sms.await(r -> r.value() instanceof DispatchMessage d
                    && d.getNotificationId().equals(request.getNotificationId()), WAIT).value();
            assertThat(second.getRecipient()).isEqualTo("+819012345678");
            assertThat(second.getSubject()).isNull();

            producer.send("retail.notifications.receipts.v1", customerId, receipt(second, DeliveryStatus.DELIVERED));
            events.await(r -> r.value() instanceof NotificationEvent e && e.getNotificationId().equals(request.getNotificationId())
                    && e.getOutcome() == NotificationOutcome.DELIVERED && e.getChannel() == ContactChannel.SMS, WAIT);
            assertThat(events.collect(Duration.ZERO)).filteredOn(r -> r.value() instanceof NotificationEvent e
                    && e.getNotificationId().equals(request.getNotificationId())).extracting(r -> ((NotificationEvent) r.value()).getOutcome())
                    .containsExactly(NotificationOutcome.DISPATCHED, NotificationOutcome.FALLBACK, NotificationOutcome.DISPATCHED,
                            NotificationOutcome.DELIVERED);
            as(ASSOCIATE).queryParam("customerId", customerId).get("/notifications").then().statusCode(200)
                    .body("[0].status", equalTo("DELIVERED")).body("[0].dispatches.size()", equalTo(2));
        }
    }

    @Test
    void englishForOtherLocalesAndMarketingWithoutConsentIsSuppressed() {
        String customerId = UUID.randomUUID().toString();
        producer.send("retail.customers.profiles.v1", customerId, profile(customerId, "fr-FR", ContactChannel.EMAIL));
        NotificationRequest marketing = request(customerId, ConsentPurpose.MARKETING, Map.of("orderNumber", "#2"));
        NotificationRequest receipt = request(customerId, ConsentPurpose.TRANSACTIONAL, Map.of("orderNumber", "#3"));
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe events = TopicProbe.from("retail.notifications.events.v1")) {
            awaitProfile(customerId);
            producer.send("retail.notifications.requests.v1", customerId, marketing);
            producer.send("retail.notifications.requests.v1", customerId, receipt);
            events.await(r -> r.value() instanceof NotificationEvent e && e.getNotificationId().equals(marketing.getNotificationId())
                    && e.getOutcome() == NotificationOutcome.SUPPRESSED_NO_CONSENT, WAIT);
            DispatchMessage english = (DispatchMessage) email.await(r -> r.value() instanceof DispatchMessage d
                    && d.getNotificationId().equals(receipt.getNotificationId()), WAIT).value();
            assertThat(english.getLanguage()).isEqualTo("en");
            assertThat(english.getSubject()).isEqualTo("Thank you for your order #3");
            assertThat(email.collect(Duration.ofSeconds(2))).noneMatch(r -> r.value() instanceof DispatchMessage d
                    && d.getNotificationId().equals(marketing.getNotificationId()));
        }
    }

    @Test
    void aRequestThatArrivesBeforeTheProfileIsSentWhenTheProfileComes() {
        String customerId = UUID.randomUUID().toString();
        NotificationRequest early = request(customerId, ConsentPurpose.TRANSACTIONAL, Map.of("orderNumber", "#4"));
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1")) {
            producer.send("retail.notifications.requests.v1", customerId, early);
            assertThat(email.collect(Duration.ofSeconds(2))).noneMatch(r -> r.value() instanceof DispatchMessage d
                    && d.getNotificationId().equals(early.getNotificationId()));
            producer.send("retail.customers.profiles.v1", customerId, profile(customerId, "ja-JP", ContactChannel.EMAIL));
            DispatchMessage sent = (DispatchMessage) email.await(r -> r.value() instanceof DispatchMessage d
                    && d.getNotificationId().equals(early.getNotificationId()), WAIT).value();
            assertThat(sent.getMetadata().getCorrelationId()).isEqualTo(early.getMetadata().getCorrelationId());
        }
    }

    @Test
    void requestsAndProfilesArrivingTogetherLeaveNoNotificationWaitingForAProfileThatCame() {
        List<NotificationRequest> requests = new java.util.ArrayList<>();
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1")) {
            // the two topics are consumed by two channels at once: each request races its customer's profile
            for (int i = 0; i < 80; i++) {
                String customerId = UUID.randomUUID().toString();
                NotificationRequest request = request(customerId, ConsentPurpose.TRANSACTIONAL, Map.of("orderNumber", "#" + i));
                requests.add(request);
                producer.send("retail.notifications.requests.v1", customerId, request);
                producer.send("retail.customers.profiles.v1", customerId, profile(customerId, "ja-JP", ContactChannel.EMAIL));
            }
            List<String> expected = requests.stream().map(NotificationRequest::getNotificationId).toList();
            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(email.collect(Duration.ofMillis(300)))
                    .filteredOn(r -> r.value() instanceof DispatchMessage d && expected.contains(d.getNotificationId()))
                    .extracting(r -> ((DispatchMessage) r.value()).getNotificationId())
                    .containsExactlyInAnyOrderElementsOf(expected));
        }
    }

    @Test
    void anAssociatesMessageGoesOutOnlyWithMarketingConsentAndOnceForARetry() {
        String consenting = UUID.randomUUID().toString();
        CustomerProfile withMarketing = profile(consenting, "ja-JP", ContactChannel.EMAIL);
        List<ChannelConsent> consents = new java.util.ArrayList<>(withMarketing.getConsents());
        consents.add(ChannelConsent.newBuilder().setChannel(ContactChannel.EMAIL).setPurpose(ConsentPurpose.MARKETING)
                .setGranted(true).setUpdatedAt(Instant.now()).build());
        producer.send("retail.customers.profiles.v1", consenting, CustomerProfile.newBuilder(withMarketing).setConsents(consents).build());
        String transactionalOnly = UUID.randomUUID().toString();
        producer.send("retail.customers.profiles.v1", transactionalOnly, profile(transactionalOnly, "en", ContactChannel.EMAIL));
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1")) {
            awaitProfile(consenting);
            awaitProfile(transactionalOnly);
            String key = "message-" + consenting;
            String notificationId = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                String id = as(ASSOCIATE).contentType("application/json").header("Idempotency-Key", key)
                        .body(Map.of("customerId", consenting, "text", "新作のコートが入荷しました。ご来店をお待ちしています。"))
                        .post("/notifications/messages").then().statusCode(202)
                        .body("status", equalTo("DISPATCHED")).body("channel", equalTo("EMAIL")).extract().path("notificationId");
                assertThat(notificationId == null || notificationId.equals(id)).as("a retry is the same message").isTrue();
                notificationId = id;
            }
            String sent = notificationId;
            DispatchMessage message = (DispatchMessage) email.await(r -> r.value() instanceof DispatchMessage d
                    && d.getNotificationId().equals(sent), WAIT).value();
            assertThat(message.getSubject()).isEqualTo("associateからのメッセージ");
            assertThat(message.getTextBody()).startsWith("花子様").contains("新作のコートが入荷しました").contains("\n\nassociate\n\n--\n");
            assertThat(message.getBody()).contains("<p>新作のコートが入荷しました。ご来店をお待ちしています。</p>");
            assertThat(email.collect(Duration.ofSeconds(1))).filteredOn(r -> r.value() instanceof DispatchMessage d
                    && d.getNotificationId().equals(sent)).hasSize(1);

            as(ASSOCIATE).contentType("application/json").body(Map.of("customerId", transactionalOnly, "text", "New coats are in"))
                    .post("/notifications/messages").then().statusCode(202).body("status", equalTo("SUPPRESSED"))
                    .body("detail", equalTo("no channel with an address and consent for MARKETING")).body("channel", nullValue());
            as(ASSOCIATE).contentType("application/json").body(Map.of("customerId", UUID.randomUUID().toString(), "text", "Hello"))
                    .post("/notifications/messages").then().statusCode(404);
            as(ASSOCIATE).contentType("application/json").body(Map.of("customerId", consenting, "text", "Hello", "channel", "VOICE"))
                    .post("/notifications/messages").then().statusCode(400);
        }
    }

    /** Requests wait for the profile: make sure it is applied before asking. */
    private static void awaitProfile(String customerId) {
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() ->
                as(ASSOCIATE).get("/notifications/recipients/" + customerId).then().statusCode(200));
    }

    static CustomerProfile profile(String customerId, String locale, ContactChannel preferred) {
        Instant now = Instant.now();
        return CustomerProfile.newBuilder()
                .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), now, "test"))
                .setCustomerId(customerId).setFirstName("花子").setLastName("山田")
                .setEmails(List.of("hana@example.jp")).setPhones(List.of("+819012345678"))
                .setLocale(locale).setTimeZone("Asia/Tokyo").setPreferredChannel(preferred)
                .setConsents(List.of(
                        ChannelConsent.newBuilder().setChannel(ContactChannel.EMAIL).setPurpose(ConsentPurpose.TRANSACTIONAL).setGranted(true).setUpdatedAt(now).build(),
                        ChannelConsent.newBuilder().setChannel(ContactChannel.SMS).setPurpose(ConsentPurpose.TRANSACTIONAL).setGranted(true).setUpdatedAt(now).build()))
                .setStats(ProfileStats.newBuilder().build())
                .setVersion(1)
                .build();
    }

    static NotificationRequest request(String customerId, ConsentPurpose purpose, Map<String, String> parameters) {
        String id = UUID.randomUUID().toString();
        return NotificationRequest.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test"))
                .setNotificationId(id).setCustomerId(customerId).setTemplateId("post-purchase-thank-you")
                .setPurpose(purpose).setParameters(parameters).build();
    }

    static DeliveryReceipt receipt(DispatchMessage dispatch, DeliveryStatus status) {
        return DeliveryReceipt.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(dispatch.getMetadata(), "receipt:" + status, "test-gateway", Instant.now()))
                .setDispatchId(dispatch.getDispatchId()).setNotificationId(dispatch.getNotificationId())
                .setCustomerId(dispatch.getCustomerId()).setChannel(dispatch.getChannel()).setStatus(status)
                .setErrorCode(status == DeliveryStatus.FAILED ? "provider-unavailable" : null)
                .setReportedAt(Instant.now()).build();
    }
}
