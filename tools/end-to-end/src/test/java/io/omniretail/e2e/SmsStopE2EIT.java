package io.omniretail.e2e;

import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.restassured.response.Response;

/**
 * A shopper texts the retailer's number, then replies STOP (in Japanese or English) and later START, through the
 * running services: the signed Twilio-style posts reach customer-360, whose record of that number's SMS consent
 * (marketing and transactional) follows each keyword; notifications follows the profile, so an associate's marketing
 * SMS goes after START and is suppressed after STOP, never reaching the gateway.
 */
class SmsStopE2EIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @CsvSource({"配信停止, 再開", "STOP, START", "ｓｔｏｐ, unstop"})
    void aStopKeywordWithdrawsSmsConsentAndStartGivesItBack(String stop, String start) throws Exception {
        String from = "+8190" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        assertThat(text(from, "こんにちは、予約できますか")).isEqualTo(200);
        assertThat(awaitConsent(from, "TRANSACTIONAL", true)).as("a known number may get receipts").isTrue();

        assertThat(text(from, stop)).isEqualTo(200);
        assertThat(awaitConsent(from, "MARKETING", false)).as(stop + " withdraws SMS marketing").isTrue();
        assertThat(awaitConsent(from, "TRANSACTIONAL", false)).as(stop + " blocks every SMS at the carrier").isTrue();

        assertThat(text(from, start)).isEqualTo(200);
        assertThat(awaitConsent(from, "MARKETING", true)).as(start + " gives it back").isTrue();

        // notifications follows: with consent a marketing SMS goes (now, or at the end of quiet hours); after STOP it does not
        String customerId = customerOf(from);
        awaitSmsMarketing(customerId, true);
        assertThat(associateSms(customerId).path("status").toString()).isIn("DISPATCHED", "QUEUED", "HELD");
        assertThat(text(from, stop)).isEqualTo(200);
        awaitSmsMarketing(customerId, false);
        Response suppressed = associateSms(customerId);
        assertThat(suppressed.path("status").toString()).isEqualTo("SUPPRESSED");
        assertThat(suppressed.path("detail").toString()).isEqualTo("no channel with an address and consent for MARKETING");
        String notificationId = suppressed.path("notificationId");
        List<String> dispatches = as(ASSOCIATE).queryParam("customerId", customerId).get(OneShopperAcrossChannelsE2EIT.service(6) + "/notifications")
                .then().statusCode(200).extract().jsonPath().getList("find { it.notificationId == '" + notificationId + "' }.dispatches");
        assertThat(dispatches).as("nothing reached the SMS gateway").isEmpty();
    }

    private static Response associateSms(String customerId) {
        return as(ASSOCIATE).contentType("application/json")
                .body(Map.of("customerId", customerId, "text", "冬のセールのお知らせです", "channel", "SMS"))
                .post(OneShopperAcrossChannelsE2EIT.service(6) + "/notifications/messages").then().statusCode(202).extract().response();
    }

    /** Waits until notifications' copy of the customer's SMS marketing consent is {@code granted}. */
    private static void awaitSmsMarketing(String customerId, boolean granted) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(as(ASSOCIATE)
                .get(OneShopperAcrossChannelsE2EIT.service(6) + "/notifications/preferences/" + customerId)
                .then().statusCode(200).extract().jsonPath().getBoolean("channels.find { it.channel == 'SMS' }.marketing")).isEqualTo(granted));
    }

    private static String customerOf(String phone) throws Exception {
        try (Connection db = FaultSuiteE2EIT.connect("customer360"); PreparedStatement query = db.prepareStatement(
                "SELECT customer_id FROM customer_identifier WHERE type = 'PHONE' AND value = ?")) {
            query.setString(1, phone);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private int text(String from, String body) throws Exception {
        String url = OneShopperAcrossChannelsE2EIT.service(1) + "/webhooks/sms/demo";
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        form.put("AccountSid", "ACdemo");
        form.put("From", from);
        form.put("To", "+81312345678");
        form.put("Body", body);
        StringBuilder signed = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("demo-sms-auth-token".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        String encoded = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Twilio-Signature", signature)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encoded)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Whether customer-360's consent of the number's holder reaches {@code granted} within 30 s. */
    private static boolean awaitConsent(String phone, String purpose, boolean granted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection db = FaultSuiteE2EIT.connect("customer360"); PreparedStatement query = db.prepareStatement("""
                    SELECT c.granted FROM customer_consent c JOIN customer_identifier i ON i.customer_id = c.customer_id
                    WHERE i.type = 'PHONE' AND i.value = ? AND c.channel = 'SMS' AND c.purpose = ?""")) {
                query.setString(1, phone);
                query.setString(2, purpose);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next() && row.getBoolean(1) == granted) {
                        return true;
                    }
                }
            }
            Thread.sleep(500);
        }
        return false;
    }
}
