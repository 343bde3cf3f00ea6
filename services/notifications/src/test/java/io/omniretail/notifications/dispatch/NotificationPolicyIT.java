package io.omniretail.notifications.dispatch;

import static io.omniretail.notifications.dispatch.NotificationFlowIT.WAIT;
import static io.omniretail.notifications.dispatch.NotificationFlowIT.producer;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.MANAGER;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.ChannelConsent;
import io.omniretail.events.customer.ConsentDecision;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ConsentSource;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.customer.CustomerIdentifier;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.IdentifierType;
import io.omniretail.events.notification.DeliveryStatus;
import io.omniretail.events.notification.DispatchMessage;
import io.omniretail.events.notification.NotificationCancellation;
import io.omniretail.events.notification.NotificationEvent;
import io.omniretail.events.notification.NotificationOutcome;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.events.notification.SmsEncoding;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.notifications.time.TestClock;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

/**
 * The notification policy against the real stack (ADR 0020): quiet hours in the customer's own zone (Tokyo, and New
 * York across the end of daylight saving), the marketing cap, the SMS send rate, the one-click unsubscribe and the
 * preference centre, every channel with its receipts, cancelling, and the template catalogue. The service's clock is
 * the {@link TestClock}: each test stands where it needs to be.
 */
@QuarkusTest
class NotificationPolicyIT {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Inject
    TestClock clock;
    @Inject
    HeldReleaser releaser;

    @AfterEach
    void backToNoon() {
        clock.reset();
    }

    @Test
    void aMarketingMessageRequestedAtElevenAtNightInTokyoIsHeldAndSentWhenTheWindowOpensInTokyo() throws Throwable {
        String customerId = customer(TOKYO, "ja-JP", ContactChannel.EMAIL, ContactChannel.EMAIL);
        clock.standAt(ZonedDateTime.of(2026, 12, 2, 23, 0, 0, 0, TOKYO).toInstant()); // 14:00 UTC: day time in UTC
        NotificationRequest request = marketing(customerId, null);
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe events = TopicProbe.from("retail.notifications.events.v1")) {
            producer.send("retail.notifications.requests.v1", customerId, request);
            NotificationEvent held = outcome(events, request, NotificationOutcome.HELD_QUIET_HOURS);
            assertThat(held.getDetail()).contains("21:00-09:00 in Asia/Tokyo").contains("held until 2026-12-03T09:");

            Instant releaseAt = releaseAt(customerId, request);
            ZonedDateTime opening = ZonedDateTime.of(2026, 12, 3, 9, 0, 0, 0, TOKYO);
            assertThat(releaseAt).as("at the opening, spread over 30 minutes").isBetween(opening.toInstant(),
                    opening.plusMinutes(30).toInstant().minusMillis(1));

            clock.standAt(releaseAt.minusSeconds(60));
            releaseDue();
            status(customerId, request, "HELD");

            clock.standAt(releaseAt);
            releaseDue();
            DispatchMessage sent = dispatched(email, request);
            ZonedDateTime sentAt = sent.getMetadata().getOccurredAt().atZone(TOKYO);
            assertThat(sentAt.toLocalDate()).isEqualTo(opening.toLocalDate());
            assertThat(sentAt.toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(9, 31));
            outcomes(events, request, NotificationOutcome.HELD_QUIET_HOURS, NotificationOutcome.RELEASED, NotificationOutcome.DISPATCHED);
        }
    }

    @Test
    void inNewYorkTheNightDaylightSavingEndsTheMessageWaitsForNineInTheMorningLocalWhichIsFourteenUtc() throws Throwable {
        String customerId = customer(NEW_YORK, "en-US", ContactChannel.EMAIL, ContactChannel.EMAIL);
        // 22:00 EDT (UTC-4) on Saturday; the clocks go back at 02:00, so 09:00 on Sunday is EST (UTC-5)
        clock.standAt(ZonedDateTime.of(2026, 10, 31, 22, 0, 0, 0, NEW_YORK).toInstant());
        NotificationRequest request = marketing(customerId, null);
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe events = TopicProbe.from("retail.notifications.events.v1")) {
            producer.send("retail.notifications.requests.v1", customerId, request);
            outcome(events, request, NotificationOutcome.HELD_QUIET_HOURS);
            Instant releaseAt = releaseAt(customerId, request);
            assertThat(releaseAt).as("09:00 EST, not 09:00 at the evening's offset (13:00 UTC)")
                    .isBetween(Instant.parse("2026-11-01T14:00:00Z"), Instant.parse("2026-11-01T14:29:59.999Z"));

            clock.standAt(releaseAt);
            releaseDue();
            DispatchMessage sent = dispatched(email, request);
            assertThat(sent.getMetadata().getOccurredAt().atZone(NEW_YORK).toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(9, 31));
        }
    }

    @Test
    void aMarketingCallHasItsChannelsOwnLongerNightWhileAnEmailAtTheSameHourGoes() {
        String byPhone = customer(TOKYO, "ja-JP", ContactChannel.VOICE, ContactChannel.VOICE);
        String byEmail = customer(TOKYO, "ja-JP", ContactChannel.EMAIL, ContactChannel.EMAIL);
        clock.standAt(ZonedDateTime.of(2026, 12, 3, 9, 30, 0, 0, TOKYO).toInstant());
        NotificationRequest call = marketing(byPhone, ContactChannel.VOICE);
        NotificationRequest mail = marketing(byEmail, null);
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe events = TopicProbe.from("retail.notifications.events.v1")) {
            producer.send("retail.notifications.requests.v1", byPhone, call);
            producer.send("retail.notifications.requests.v1", byEmail, mail);
            assertThat(outcome(events, call, NotificationOutcome.HELD_QUIET_HOURS).getDetail())
                    .contains("quiet hours 20:00-10:00 in Asia/Tokyo: held until 2026-12-03T10:");
            dispatched(email, mail);
        }
    }

    @Test
    void aMessageHeldForItsNotBeforeWaitsForItAndAHeldMessageCanBeCancelled() throws Throwable {
        String customerId = customer(TOKYO, "ja-JP", ContactChannel.EMAIL, ContactChannel.EMAIL);
        Instant later = clock.instant().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        NotificationRequest waiting = NotificationRequest.newBuilder(marketing(customerId, null)).setNotBefore(later).build();
        NotificationRequest cancelled = NotificationRequest.newBuilder(marketing(customerId, null)).setNotBefore(later).build();
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe events = TopicProbe.from("retail.notifications.events.v1")) {
            producer.send("retail.notifications.requests.v1", customerId, waiting);
            producer.send("retail.notifications.requests.v1", customerId, cancelled);
            outcome(events, waiting, NotificationOutcome.HELD_NOT_BEFORE);
            outcome(events, cancelled, NotificationOutcome.HELD_NOT_BEFORE);
            assertThat(releaseAt(customerId, waiting)).isEqualTo(later);

            as(ASSOCIATE).delete("/notifications/" + cancelled.getNotificationId()).then().statusCode(403);
            as(MANAGER).delete("/notifications/" + cancelled.getNotificationId()).then().statusCode(200).body("status", equalTo("CANCELLED"));
            as(MANAGER).delete("/notifications/" + cancelled.getNotificationId()).then().statusCode(409);
            outcome(events, cancelled, NotificationOutcome.CANCELLED);

            clock.standAt(later);
            releaseDue();
            dispatched(email, waiting);
            status(customerId, cancelled, "CANCELLED");
            assertThat(email.collect(Duration.ofSeconds(1))).noneMatch(forNotification(cancelled));
        }
    }

    @Test
    void aWithdrawnRequestIsCancelledWhetherHeldOrNotArrivedYetWhileOneAlreadySentStaysSent() throws Throwable {
        String customerId = customer(TOKYO, "ja-JP", ContactChannel.EMAIL, ContactChannel.EMAIL);
        Instant later = clock.instant().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        NotificationRequest held = NotificationRequest.newBuilder(marketing(customerId, null)).setNotBefore(later).build();
        NotificationRequest overtaken = marketing(customerId, null);
        NotificationRequest sent = NotificationFlowIT.request(customerId, ConsentPurpose.TRANSACTIONAL, Map.of("orderNumber", "#88"));
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe events = TopicProbe.from("retail.notifications.events.v1")) {
            producer.send("retail.notifications.requests.v1", customerId, held);
            producer.send("retail.notifications.requests.v1", customerId, sent);
            outcome(events, held, NotificationOutcome.HELD_NOT_BEFORE);
            dispatched(email, sent);

            producer.send("retail.notifications.cancellations.v1", customerId, withdrawal(held));
            producer.send("retail.notifications.cancellations.v1", customerId, withdrawal(overtaken));
            producer.send("retail.notifications.cancellations.v1", customerId, withdrawal(sent));
            assertThat(outcome(events, held, NotificationOutcome.CANCELLED).getDetail()).isEqualTo("journey test@1 exited");
            producer.send("retail.notifications.requests.v1", customerId, overtaken);
            outcome(events, overtaken, NotificationOutcome.CANCELLED);

            clock.standAt(later);
            releaseDue();
            status(customerId, held, "CANCELLED");
            status(customerId, overtaken, "CANCELLED");
            assertThat(email.collect(Duration.ofSeconds(1))).noneMatch(forNotification(held)).noneMatch(forNotification(overtaken));
            assertThat(events.collect(Duration.ofMillis(500))).as("too late for the one sent: it stays as it is")
                    .noneMatch(r -> r.value() instanceof NotificationEvent e && e.getNotificationId().equals(sent.getNotificationId())
                            && e.getOutcome() == NotificationOutcome.CANCELLED);
        }
    }

    private static NotificationCancellation withdrawal(NotificationRequest request) {
        return NotificationCancellation.newBuilder()
                .setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "test"))
                .setNotificationId(request.getNotificationId()).setCustomerId(request.getCustomerId()).setReason("journey test@1 exited").build();
    }

    @Test
    void aSecondMarketingMessageWithinTheDailyCapIsSuppressedWithItsReasonWhileTransactionalOnesStillGo() {
        String customerId = customer(TOKYO, "ja-JP", ContactChannel.EMAIL, ContactChannel.EMAIL);
        NotificationRequest first = marketing(customerId, null);
        NotificationRequest second = marketing(customerId, null);
        NotificationRequest receipt = NotificationFlowIT.request(customerId, ConsentPurpose.TRANSACTIONAL, Map.of("orderNumber", "#77"));
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe events = TopicProbe.from("retail.notifications.events.v1")) {
            producer.send("retail.notifications.requests.v1", customerId, first);
            dispatched(email, first);
            producer.send("retail.notifications.requests.v1", customerId, second);
            NotificationEvent capped = outcome(events, second, NotificationOutcome.SUPPRESSED_FREQUENCY_CAP);
            assertThat(capped.getDetail()).isEqualTo("per-day: at most 1 marketing message per PT24H across channels");
            producer.send("retail.notifications.requests.v1", customerId, receipt);
            dispatched(email, receipt);
            as(ASSOCIATE).queryParam("customerId", customerId).get("/notifications").then().statusCode(200)
                    .body("find { it.notificationId == '" + second.getNotificationId() + "' }.status", equalTo("SUPPRESSED"))
                    .body("find { it.notificationId == '" + second.getNotificationId() + "' }.detail", equalTo(capped.getDetail()));

            clock.standAt(TestClock.NOON_IN_TOKYO.plus(Duration.ofDays(1)).plusSeconds(60)); // a rolling day later
            NotificationRequest nextDay = marketing(customerId, null);
            producer.send("retail.notifications.requests.v1", customerId, nextDay);
            dispatched(email, nextDay);
        }
    }

    @Test
    void aBurstAboveTheSmsRateIsDeliveredInFullAtTheConfiguredRate() {
        double rate = 10; // omniretail.notifications.channels.sms.rate-per-second
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            customers.add(customer(TOKYO, "ja-JP", ContactChannel.SMS, ContactChannel.SMS));
        }
        List<NotificationRequest> burst = new ArrayList<>();
        try (TopicProbe sms = TopicProbe.from("retail.notifications.dispatch.sms.v1")) {
            for (int round = 0; round < 4; round++) {
                for (String customerId : customers) {
                    NotificationRequest request = NotificationFlowIT.request(customerId, ConsentPurpose.TRANSACTIONAL,
                            Map.of("orderNumber", "#" + round));
                    burst.add(request);
                    producer.send("retail.notifications.requests.v1", customerId, request);
                }
            }
            List<String> expected = burst.stream().map(NotificationRequest::getNotificationId).toList();
            Awaitility.await().atMost(WAIT.multipliedBy(2)).untilAsserted(() -> assertThat(sms.collect(Duration.ofMillis(300)))
                    .filteredOn(r -> r.value() instanceof DispatchMessage d && expected.contains(d.getNotificationId()))
                    .extracting(r -> ((DispatchMessage) r.value()).getNotificationId())
                    .as("nothing of the burst is lost").containsExactlyInAnyOrderElementsOf(expected));

            List<Instant> sentAt = new ArrayList<>();
            customers.forEach(customerId -> sentAt.addAll(sentAt(customerId)));
            sentAt.sort(null);
            assertThat(sentAt).hasSize(40);
            // a bucket of one second's sends (10) may go at once; the other 30 wait for tokens at 10 per second
            assertThat(Duration.between(sentAt.get(0), sentAt.get(39)).toMillis()).as("the pace")
                    .isGreaterThanOrEqualTo((long) ((40 - rate) / rate * 1000) - 150);
            for (int i = 0; i + 20 < sentAt.size(); i++) {
                assertThat(Duration.between(sentAt.get(i), sentAt.get(i + 20)).toMillis())
                        .as("21 sends never within one second (at most 10 in the bucket + 10 refilled)").isGreaterThanOrEqualTo(900);
            }
        }
    }

    @Test
    void aCustomerWithManyQueuedMessagesDoesNotHoldUpTheOthersOnAPacedChannel() {
        // voice is paced at 2 calls per second: ten for one customer queue up, then one each for three others
        String busy = customer(TOKYO, "ja-JP", ContactChannel.VOICE, ContactChannel.EMAIL);
        List<String> others = List.of(customer(TOKYO, "ja-JP", ContactChannel.VOICE, ContactChannel.EMAIL),
                customer(TOKYO, "ja-JP", ContactChannel.VOICE, ContactChannel.EMAIL), customer(TOKYO, "ja-JP", ContactChannel.VOICE, ContactChannel.EMAIL));
        List<NotificationRequest> many = new ArrayList<>();
        List<NotificationRequest> few = new ArrayList<>();
        try (TopicProbe voice = TopicProbe.from("retail.notifications.dispatch.voice.v1")) {
            for (int i = 0; i < 10; i++) {
                many.add(voiceCall(busy, i));
                producer.send("retail.notifications.requests.v1", busy, many.get(i));
            }
            others.forEach(customerId -> {
                few.add(voiceCall(customerId, 0));
                producer.send("retail.notifications.requests.v1", customerId, few.get(few.size() - 1));
            });
            List<String> expected = new ArrayList<>();
            many.forEach(r -> expected.add(r.getNotificationId()));
            few.forEach(r -> expected.add(r.getNotificationId()));
            Awaitility.await().atMost(WAIT.multipliedBy(2)).untilAsserted(() -> assertThat(voice.collect(Duration.ofMillis(300)))
                    .filteredOn(r -> r.value() instanceof DispatchMessage d && expected.contains(d.getNotificationId()))
                    .extracting(r -> ((DispatchMessage) r.value()).getNotificationId()).containsExactlyInAnyOrderElementsOf(expected));
            // the order they were sent in (records of different customers cross on the topic's partitions)
            Instant lastOfTheBusy = sentAt(busy).stream().max(Instant::compareTo).orElseThrow();
            others.forEach(customerId -> assertThat(sentAt(customerId)).as("each other customer's call before the busy one's last")
                    .allMatch(at -> at.isBefore(lastOfTheBusy)));
        }
    }

    private static List<Instant> sentAt(String customerId) {
        return as(ASSOCIATE).queryParam("customerId", customerId).get("/notifications").then().statusCode(200)
                .extract().jsonPath().getList("dispatches.flatten().sentAt", String.class).stream().map(Instant::parse).toList();
    }

    private static NotificationRequest voiceCall(String customerId, int i) {
        return NotificationRequest.newBuilder(NotificationFlowIT.request(customerId, ConsentPurpose.TRANSACTIONAL, Map.of("orderNumber", "#" + i)))
                .setPreferredChannel(ContactChannel.VOICE).build();
    }

    @Test
    void theOneClickUnsubscribeRevokesEmailMarketingAndTellsCustomer360() throws Exception {
        String customerId = customer(TOKYO, "ja-JP", ContactChannel.EMAIL, ContactChannel.EMAIL);
        NotificationRequest offer = marketing(customerId, null);
        try (TopicProbe email = TopicProbe.from("retail.notifications.dispatch.email.v1");
                TopicProbe events = TopicProbe.from("retail.notifications.events.v1");
                TopicProbe decisions = TopicProbe.from("retail.notifications.consents.v1")) {
            producer.send("retail.notifications.requests.v1", customerId, offer);
            DispatchMessage sent = dispatched(email, offer);
            assertThat(sent.getHeaders()).containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            Matcher link = Pattern.compile("^<(http://[^>]+/unsubscribe/[A-Za-z0-9_.-]+)>$").matcher(sent.getHeaders().get("List-Unsubscribe"));
            assertThat(link.matches()).as(sent.getHeaders().get("List-Unsubscribe")).isTrue();
            String path = java.net.URI.create(link.group(1)).getPath();
            assertThat(sent.getTextBody()).contains(link.group(1)).contains("/preferences/");
            assertThat(sent.getBody()).startsWith("<!DOCTYPE html>").contains("花子様");

            RestAssured.get(path).then().statusCode(200).contentType("text/html"); // a GET never unsubscribes
            int signature = path.indexOf('.') + 1; // its first character carries six bits of the HMAC
            String forged = path.substring(0, signature) + (path.charAt(signature) == 'A' ? 'B' : 'A') + path.substring(signature + 1);
            RestAssured.given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                    .post(forged).then().statusCode(403).contentType("application/problem+json");
            RestAssured.given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                    .post(path).then().statusCode(200);

            ConsentDecision decision = (ConsentDecision) decisions.await(r -> r.value() instanceof ConsentDecision d
                    && d.getCustomerId().equals(customerId), WAIT).value();
            assertThat(decision.getChannel()).isEqualTo(ContactChannel.EMAIL);
            assertThat(decision.getPurpose()).isEqualTo(ConsentPurpose.MARKETING);
            assertThat(decision.getGranted()).isFalse();
            assertThat(decision.getSource()).isEqualTo(ConsentSource.ONE_CLICK_UNSUBSCRIBE);

            clock.standAt(TestClock.NOON_IN_TOKYO.plus(Duration.ofDays(2))); // past the daily cap: only consent decides
            NotificationRequest next = marketing(customerId, null);
            producer.send("retail.notifications.requests.v1", customerId, next);
            outcome(events, next, NotificationOutcome.SUPPRESSED_NO_CONSENT);

            Matcher preferences = Pattern.compile("http://\\S+(/preferences/[A-Za-z0-9_.-]+)").matcher(sent.getTextBody());
            assertThat(preferences.find()).isTrue();
            RestAssured.get(preferences.group(1)).then().statusCode(200)
                    .body("channels.find { it.channel == 'EMAIL' }.marketing", equalTo(false))
                    .body("channels.find { it.channel == 'EMAIL' }.reachable", equalTo(true))
                    .body("consentTextVersion", equalTo("2026-12"));
            RestAssured.given().contentType("application/json")
                    .body(Map.of("changes", List.of(Map.of("channel", "EMAIL", "purpose", "MARKETING", "granted", true))))
                    .put(preferences.group(1)).then().statusCode(200).body("channels.find { it.channel == 'EMAIL' }.marketing", equalTo(true));
            decisions.await(r -> r.value() instanceof ConsentDecision d && d.getCustomerId().equals(customerId)
                    && d.getSource() == ConsentSource.PREFERENCE_CENTRE && d.getGranted() && "2026-12".equals(d.getTextVersion()), WAIT);
            RestAssured.get(path.replace("/unsubscribe/", "/preferences/")).then().statusCode(403); // one scope per link

            as(ASSOCIATE).contentType("application/json")
                    .body(Map.of("changes", List.of(Map.of("channel", "SMS", "purpose", "MARKETING", "granted", true))))
                    .put("/notifications/preferences/" + customerId).then().statusCode(200)
                    .body("channels.find { it.channel == 'SMS' }.marketing", equalTo(true));
            decisions.await(r -> r.value() instanceof ConsentDecision d && d.getCustomerId().equals(customerId)
                    && d.getSource() == ConsentSource.STAFF && "associate".equals(d.getActor()), WAIT);
        }
    }

    @Test
    void everyChannelDispatchesOnItsOwnTopicAndRecordsItsReceipts() {
        String customerId = customer(TOKYO, "ja-JP", ContactChannel.EMAIL, ContactChannel.EMAIL);
        Map<ContactChannel, String> topics = Map.of(ContactChannel.SMS, "retail.notifications.dispatch.sms.v1",
                ContactChannel.EMAIL, "retail.notifications.dispatch.email.v1", ContactChannel.LINE, "retail.notifications.dispatch.line.v1",
                ContactChannel.PUSH, "retail.notifications.dispatch.push.v1", ContactChannel.CHAT, "retail.notifications.dispatch.chat.v1",
                ContactChannel.VOICE, "retail.notifications.dispatch.voice.v1");
        for (var channel : topics.keySet()) {
            NotificationRequest request = NotificationRequest.newBuilder(NotificationFlowIT.request(customerId, ConsentPurpose.TRANSACTIONAL,
                    Map.of("orderNumber", "#" + channel, "pointsEarned", "12", "pointsBalance", "34")))
                    .setPreferredChannel(channel).setMediaUrls(List.of("https://cdn.shop.example/coat.jpg")).build();
            try (TopicProbe dispatches = TopicProbe.from(topics.get(channel))) {
                producer.send("retail.notifications.requests.v1", customerId, request);
                DispatchMessage sent = dispatched(dispatches, request);
                assertThat(sent.getChannel()).isEqualTo(channel);
                switch (channel) {
                    case SMS -> {
                        assertThat(sent.getMediaUrls()).as("an SMS with media is an MMS").containsExactly("https://cdn.shop.example/coat.jpg");
                        assertThat(sent.getSmsEncoding()).isEqualTo(SmsEncoding.UCS_2);
                        assertThat(sent.getSmsSegments()).isEqualTo(1);
                        assertThat(sent.getSender()).isEqualTo("+81312345678");
                        assertThat(sent.getBody()).startsWith("ご注文#SMSありがとうございます。12pt付与");
                    }
                    case EMAIL -> {
                        assertThat(sent.getBody()).startsWith("<!DOCTYPE html>").contains("<p>");
                        assertThat(sent.getTextBody()).contains("ご注文 #EMAIL").doesNotContain("<p>");
                        assertThat(sent.getHeaders()).as("no unsubscribe on a receipt").isEmpty();
                        assertThat(sent.getMediaUrls()).isEmpty();
                    }
                    case VOICE -> {
                        assertThat(sent.getRecipient()).isEqualTo("+819012345678");
                        assertThat(sent.getBody()).startsWith("花子様、ご注文#VOICEについてのご連絡です");
                        assertThat(sent.getMediaUrls()).isEmpty();
                    }
                    case CHAT -> assertThat(sent.getRecipient()).isEqualTo("account-" + customerId);
                    case PUSH -> assertThat(sent.getSubject()).isEqualTo("ご注文ありがとうございます（#PUSH）");
                    default -> assertThat(sent.getRecipient()).startsWith("U");
                }
                producer.send("retail.notifications.receipts.v1", customerId, NotificationFlowIT.receipt(sent, DeliveryStatus.ACCEPTED));
                producer.send("retail.notifications.receipts.v1", customerId, NotificationFlowIT.receipt(sent, DeliveryStatus.DELIVERED));
                Awaitility.await().atMost(WAIT).untilAsserted(() -> status(customerId, request, "DELIVERED"));
            }
        }
    }

    @Test
    void theCatalogueListsEveryTemplateAndThePreviewCountsSmsSegmentsAndFallsBackToTheShopLanguage() {
        as(ASSOCIATE).get("/notifications/templates").then().statusCode(200)
                .body("templateId", org.hamcrest.Matchers.hasItems("post-purchase-thank-you", "return-refunded", "associate-message"))
                .body("find { it.templateId == 'post-purchase-thank-you' }.languages", equalTo(List.of("ja", "en")))
                .body("missingLanguages.flatten()", org.hamcrest.Matchers.empty());
        String japanese = as(ASSOCIATE).contentType("application/json").body(Map.of("language", "ja", "channel", "SMS"))
                .post("/notifications/templates/post-purchase-thank-you/preview").then().statusCode(200)
                .body("sms.encoding", equalTo("UCS_2")).body("sms.segments", equalTo(1)).body("language", equalTo("ja"))
                .extract().path("body");
        as(ASSOCIATE).contentType("application/json").body(Map.of("language", "ja", "channel", "SMS",
                        "parameters", Map.of("couponCode", "WINTER-SALE-" + "X".repeat(20))))
                .post("/notifications/templates/post-purchase-thank-you/preview").then().statusCode(200)
                .body("sms.encoding", equalTo("UCS_2")).body("sms.segments", equalTo(2)).body("sms.units", equalTo(japanese.length() + 20));
        as(ASSOCIATE).contentType("application/json").body(Map.of("language", "en", "channel", "SMS", "parameters", Map.of("pointsEarned", "")))
                .post("/notifications/templates/post-purchase-thank-you/preview").then().statusCode(200)
                .body("sms.encoding", equalTo("GSM_7")).body("sms.segments", equalTo(1));
        double before = fallbacks();
        as(ASSOCIATE).contentType("application/json").body(Map.of("language", "fr", "channel", "EMAIL"))
                .post("/notifications/templates/associate-message/preview").then().statusCode(200)
                .body("language", equalTo("en")).body("fellBackToShopLanguage", equalTo(true))
                .body("textBody", org.hamcrest.Matchers.containsString("Unsubscribe: https://example.invalid/unsubscribe/preview"));
        assertThat(fallbacks()).isEqualTo(before + 1);
        as(ASSOCIATE).contentType("application/json").body(Map.of("language", "ja", "channel", "SMS"))
                .post("/notifications/templates/no-such-template/preview").then().statusCode(404);
        as(ASSOCIATE).contentType("application/json").body(Map.of("language", "japanese", "channel", "SMS"))
                .post("/notifications/templates/return-refunded/preview").then().statusCode(400);
    }

    private static double fallbacks() {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^omniretail_notifications_template_fallback_total\\{[^}]*template=\"associate-message\"[^}]*\\} (\\S+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A customer with every address, transactional consent everywhere and marketing consent on {@code marketing}. */
    private static String customer(ZoneId zone, String locale, ContactChannel preferred, ContactChannel marketing) {
        String customerId = UUID.randomUUID().toString();
        CustomerProfile base = NotificationFlowIT.profile(customerId, locale, preferred);
        List<ChannelConsent> consents = new ArrayList<>(base.getConsents());
        consents.add(ChannelConsent.newBuilder().setChannel(marketing).setPurpose(ConsentPurpose.MARKETING).setGranted(true)
                .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z")).build());
        String lineId = "U" + customerId.replace("-", "");
        producer.send("retail.customers.profiles.v1", customerId, CustomerProfile.newBuilder(base).setTimeZone(zone.getId())
                .setConsents(consents).setIdentifiers(List.of(
                        identifier(IdentifierType.LINE_USER_ID, lineId), identifier(IdentifierType.PUSH_TOKEN, "push-" + customerId),
                        identifier(IdentifierType.ACCOUNT_ID, "account-" + customerId)))
                .build());
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                as(ASSOCIATE).get("/notifications/recipients/" + customerId).then().statusCode(200));
        return customerId;
    }

    private static CustomerIdentifier identifier(IdentifierType type, String value) {
        return CustomerIdentifier.newBuilder().setType(type).setValue(value).setVerified(true).build();
    }

    private static NotificationRequest marketing(String customerId, ContactChannel channel) {
        String id = UUID.randomUUID().toString();
        return NotificationRequest.newBuilder().setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test"))
                .setNotificationId(id).setCustomerId(customerId).setTemplateId("associate-message")
                .setPurpose(ConsentPurpose.MARKETING).setPreferredChannel(channel)
                .setParameters(Map.of("text", "冬のセールが始まりました。", "associate", "Aoi")).build();
    }

    private void releaseDue() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> releaser.releaseBatch());
    }

    private static Predicate<TopicProbe.Received> forNotification(NotificationRequest request) {
        return r -> r.value() instanceof DispatchMessage d && d.getNotificationId().equals(request.getNotificationId());
    }

    private static DispatchMessage dispatched(TopicProbe probe, NotificationRequest request) {
        return (DispatchMessage) probe.await(forNotification(request), WAIT).value();
    }

    private static NotificationEvent outcome(TopicProbe events, NotificationRequest request, NotificationOutcome outcome) {
        return (NotificationEvent) events.await(r -> r.value() instanceof NotificationEvent e
                && e.getNotificationId().equals(request.getNotificationId()) && e.getOutcome() == outcome, WAIT).value();
    }

    private static void outcomes(TopicProbe events, NotificationRequest request, NotificationOutcome... expected) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(events.collect(Duration.ofMillis(300)))
                .filteredOn(r -> r.value() instanceof NotificationEvent e && e.getNotificationId().equals(request.getNotificationId()))
                .extracting(r -> ((NotificationEvent) r.value()).getOutcome()).containsExactly(expected));
    }

    private static Instant releaseAt(String customerId, NotificationRequest request) {
        String at = as(ASSOCIATE).queryParam("customerId", customerId).get("/notifications").then().statusCode(200)
                .body("find { it.notificationId == '" + request.getNotificationId() + "' }.status", equalTo("HELD"))
                .extract().path("find { it.notificationId == '" + request.getNotificationId() + "' }.releaseAt");
        return Instant.parse(at);
    }

    private static void status(String customerId, NotificationRequest request, String status) {
        as(ASSOCIATE).queryParam("customerId", customerId).get("/notifications").then().statusCode(200)
                .body("find { it.notificationId == '" + request.getNotificationId() + "' }.status", equalTo(status));
    }
}
