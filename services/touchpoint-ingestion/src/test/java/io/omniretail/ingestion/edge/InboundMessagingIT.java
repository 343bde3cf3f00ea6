package io.omniretail.ingestion.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.MessageKeyword;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.sms.TwilioSignature;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Every inbound messaging source against the real broker and registry, signed the provider's way: each becomes its
 * touchpoint on retail.touchpoints.v1; a wrong or stale signature is 401 problem+json.
 */
@QuarkusTest
class InboundMessagingIT {

    @TestHTTPResource("/webhooks/sms/demo")
    String smsUrl;

    private TopicProbe touchpoints;

    @BeforeEach
    void watch() {
        touchpoints = TopicProbe.from("retail.touchpoints.v1");
    }

    @AfterEach
    void close() {
        touchpoints.close();
    }

    private Touchpoint await(Predicate<Touchpoint> which) {
        return (Touchpoint) touchpoints.await(r -> r.value() instanceof Touchpoint tp && which.test(tp), Duration.ofSeconds(10)).value();
    }

    /** A LINE webhook body with one event from the user: the fields every event has, then the event's own. */
    private static String lineWebhook(String user, String eventFields) {
        return """
                {"destination": "Ubot", "events": [{"mode": "active", "timestamp": %d, "source": {"type": "user", "userId": "%s"},
                 "webhookEventId": "%s", "deliveryContext": {"isRedelivery": false}, %s}]}"""
                .formatted(System.currentTimeMillis(), user, UUID.randomUUID(), eventFields);
    }

    /** X-Line-Signature for the demo channel: base64(HMAC-SHA256(channel secret, body)). */
    private static String lineSignature(String body) {
        return Base64.getEncoder().encodeToString(Signatures.hmacSha256(bytes("demo-line-channel-secret"), bytes(body)));
    }

    @Test
    void aSignedLineFollowBecomesAFollowWithLineConsentAndAForgedOneIsRejected() {
        String user = "U" + UUID.randomUUID().toString().replace("-", "");
        String body = lineWebhook(user, """
                "type": "follow", "replyToken": "r", "follow": {"isUnblocked": false}""");
        String signature = lineSignature(body);
        given().header("X-Line-Signature", signature).contentType("application/json").body(body).post("/webhooks/line/demo")
                .then().statusCode(200).body("accepted", equalTo(1));

        Touchpoint followed = await(tp -> user.equals(tp.getIdentity().getLineUserId()));
        assertThat(followed.getType()).isEqualTo(TouchpointType.CHANNEL_FOLLOWED);
        assertThat(followed.getConsents()).singleElement().satisfies(consent -> assertThat(consent.getGranted()).isTrue());

        problem(given().header("X-Line-Signature", signature).contentType("application/json").body(body.replace("follow", "unfollow"))
                .post("/webhooks/line/demo").then(), 401, "invalid-signature");
        problem(given().header("X-Line-Signature", signature).contentType("application/json").body(body)
                .post("/webhooks/line/nobody").then(), 404, "unknown-channel");
    }

    @Test
    void aCardNumberTypedIntoALineMessageNeverLeavesTheEdge() {
        String user = "U" + UUID.randomUUID().toString().replace("-", "");
        String body = lineWebhook(user, """
                "type": "message", "replyToken": "r", "message": {"type": "text", "id": "%s", "quoteToken": "q",
                 "text": "注文の支払いはこのカードで 4111 1111 1111 1111 お願いします"}""".formatted(System.nanoTime()));
        given().header("X-Line-Signature", lineSignature(body))
                .contentType("application/json").body(body).post("/webhooks/line/demo").then().statusCode(200);

        Touchpoint message = await(tp -> user.equals(tp.getIdentity().getLineUserId()));
        assertThat(message.getType()).isEqualTo(TouchpointType.MESSAGE_RECEIVED);
        assertThat(message.getMessage().getText()).isEqualTo("注文の支払いはこのカードで ************1111 お願いします");
        assertThat(message.getAttributes()).containsEntry("cardNumberMasked", "true");
    }

    @Test
    void aLineAccountLinkWithANonceFromTheRetailersServerCarriesTheAccount() {
        String account = "acct-" + UUID.randomUUID();
        String nonce = given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(bytes("demo-server-write-key:")))
                .contentType("application/json").body("{\"accountId\": \"" + account + "\"}").post("/line/link-nonces")
                .then().statusCode(201).extract().path("nonce");
        problem(given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(bytes("demo-web-write-key:")))
                .contentType("application/json").body("{\"accountId\": \"x\"}").post("/line/link-nonces").then(), 401, "untrusted-source");
        String user = "U" + UUID.randomUUID().toString().replace("-", "");
        String body = lineWebhook(user, """
                "type": "accountLink", "link": {"result": "ok", "nonce": "%s"}""".formatted(nonce));
        given().header("X-Line-Signature", lineSignature(body))
                .contentType("application/json").body(body).post("/webhooks/line/demo").then().statusCode(200);

        Touchpoint linked = await(tp -> user.equals(tp.getIdentity().getLineUserId()));
        assertThat(linked.getType()).isEqualTo(TouchpointType.ACCOUNT_LINKED);
        assertThat(linked.getIdentity().getAccountId()).isEqualTo(account);
        assertThat(linked.getIdentity().getVerified()).isTrue();
    }

    @Test
    void aJapaneseStopBySmsWithdrawsSmsAndIsConfirmedInJapanese() {
        String from = "+8190" + (10_000_000 + (int) (Math.random() * 89_999_999));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        form.put("AccountSid", "ACdemo");
        form.put("From", from);
        form.put("To", "+81312345678");
        form.put("Body", "配信停止");
        form.put("NumMedia", "0");
        String signature = TwilioSignature.signedText(smsUrl, form.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
        String header = Base64.getEncoder().encodeToString(Signatures.hmacSha1(bytes("demo-sms-auth-token"), bytes(signature)));
        given().header("X-Twilio-Signature", header).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParams(form).post("/webhooks/sms/demo")
                .then().statusCode(200).contentType(containsString("text/xml")).body(containsString("配信を停止しました"));

        Touchpoint stop = await(tp -> from.equals(tp.getIdentity().getRawPhone()));
        assertThat(stop.getType()).isEqualTo(TouchpointType.CONSENT_UPDATED);
        assertThat(stop.getMessage().getKeyword()).isEqualTo(MessageKeyword.STOP);
        assertThat(stop.getConsents()).singleElement().satisfies(consent -> {
            assertThat(consent.getChannel()).isEqualTo("SMS");
            assertThat(consent.getGranted()).isFalse();
            assertThat(consent.getAllPurposes()).isTrue();
        });

        problem(given().header("X-Twilio-Signature", header).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParams(Map.of("MessageSid", "SM1", "From", from, "To", "+81312345678", "Body", "START"))
                .post("/webhooks/sms/demo").then(), 401, "invalid-signature");
    }

    @Test
    void aChatHandOffAndASurveyAnswerBecomeTouchpointsAndAStaleSignatureIsRejected() {
        String email = "chat." + UUID.randomUUID() + "@example.jp";
        String chat = """
                {"eventId": "%s", "type": "handoff_requested", "conversationId": "c-%s", "occurredAt": "2026-12-01T10:00:00+09:00",
                 "customer": {"email": "%s"}, "reason": "wants to talk to a person about a return"}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), email);
        signedPost("/webhooks/chat/demo-chat", "demo-chat-secret", Instant.now(), chat).statusCode(200).body("status", equalTo("accepted"));
        Touchpoint handoff = await(tp -> email.equals(tp.getIdentity().getEmail()));
        assertThat(handoff.getType()).isEqualTo(TouchpointType.HANDOFF_REQUESTED);
        assertThat(handoff.getMessage().getConversationId()).startsWith("chat:demo-chat:c-");

        String survey = """
                {"responseId": "%s", "surveyId": "post-purchase-nps", "kind": "nps", "score": 9, "comment": "早い配送",
                 "orderId": "5550001", "respondedAt": "2026-12-01T10:00:00Z", "channel": "email", "customer": {"email": "%s"}}"""
                .formatted(UUID.randomUUID(), email);
        signedPost("/webhooks/surveys/demo-survey", "demo-survey-secret", Instant.now(), survey).statusCode(200);
        Touchpoint answer = await(tp -> email.equals(tp.getIdentity().getEmail()) && tp.getType() == TouchpointType.SURVEY_RESPONSE);
        assertThat(answer.getSurvey().getScore()).isEqualTo(9);
        assertThat(answer.getSurvey().getScaleMax()).isEqualTo(10);

        problem(signedPost("/webhooks/surveys/demo-survey", "demo-survey-secret", Instant.now().minusSeconds(3_600), survey), 401, "stale-signature");
        problem(signedPost("/webhooks/surveys/demo-survey", "demo-survey-secret", Instant.now(), survey.replace("\"score\": 9", "\"score\": 11")),
                400, "invalid-event").body("detail", containsString("scale"));
    }

    private static ValidatableResponse signedPost(String path, String secret, Instant at, String body) {
        return given().header(TimestampedSignature.HEADER, TimestampedSignature.sign(bytes(secret), at.getEpochSecond(), bytes(body)))
                .contentType("application/json").body(body).post(path).then();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("https://omniretail.io/problems/" + slug));
    }
}
