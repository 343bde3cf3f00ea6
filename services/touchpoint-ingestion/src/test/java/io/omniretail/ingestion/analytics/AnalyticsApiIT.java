package io.omniretail.ingestion.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The Segment-compatible events API against the real broker and registry, called the way the SDKs call it. */
@QuarkusTest
class AnalyticsApiIT {

    static final String WEB_KEY = "demo-web-write-key";
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
    void aTrackCallWithTheWriteKeyAsBasicUserBecomesATouchpointKeyedByItsBrowser() {
        String anon = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        String call = """
                {"event": "Product Added", "anonymousId": "%s", "messageId": "%s",
                 "properties": {"sku": "TEE-ORG-WHT-M", "price": 1500, "quantity": 1, "cart_id": "c-1"}}""".formatted(anon, messageId);
        post("/v1/track", basic(WEB_KEY), "text/plain", call).statusCode(200).body("success", equalTo(true));
        post("/v1/track", basic(WEB_KEY), "text/plain", call).statusCode(200); // the SDK's retry

        var received = touchpoints.await(r -> r.value() instanceof Touchpoint tp && anon.equals(tp.getIdentity().getAnonymousId()),
                Duration.ofSeconds(10));
        Touchpoint added = (Touchpoint) received.value();
        assertThat(received.key()).isEqualTo("anon:" + anon);
        assertThat(added.getType()).isEqualTo(TouchpointType.CART_UPDATED);
        assertThat(added.getSourceSystem()).isEqualTo("analytics:web");
        assertThat(added.getActivity().getCartId()).isEqualTo("c-1");
        assertThat(touchpoints.collect(Duration.ofSeconds(1))).filteredOn(r -> r.value() instanceof Touchpoint tp
                && anon.equals(tp.getIdentity().getAnonymousId())).extracting(r -> ((Touchpoint) r.value()).getTouchpointId())
                .as("a retry is the same touchpoint").containsOnly(added.getTouchpointId());
    }

    @Test
    void aBatchWithTheWriteKeyInTheBodyAcceptsItsGoodCallsAndNamesTheOthers() {
        String anon = UUID.randomUUID().toString();
        String batch = """
                {"writeKey": "%s", "sentAt": "2026-12-01T03:00:05Z", "context": {"library": {"name": "analytics.js"}},
                 "batch": [
                   {"type": "page", "name": "Home", "anonymousId": "%s", "messageId": "%s", "timestamp": "2026-12-01T03:00:00Z"},
                   {"type": "track", "anonymousId": "%s", "messageId": "%s"},
                   {"type": "track", "event": "Products Searched", "anonymousId": "%s", "messageId": "%s",
                    "properties": {"query": "linen shirt"}}]}"""
                .formatted(WEB_KEY, anon, UUID.randomUUID(), anon, UUID.randomUUID(), anon, UUID.randomUUID());
        post("/v1/batch", null, "application/json", batch).statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].reason", containsString("event name"));

        var searched = touchpoints.await(r -> r.value() instanceof Touchpoint tp && anon.equals(tp.getIdentity().getAnonymousId())
                && tp.getType() == TouchpointType.PRODUCT_SEARCHED, Duration.ofSeconds(10));
        assertThat(((Touchpoint) searched.value()).getActivity().getSearchQuery()).isEqualTo("linen shirt");
        touchpoints.await(r -> r.value() instanceof Touchpoint tp && anon.equals(tp.getIdentity().getAnonymousId())
                && tp.getType() == TouchpointType.PAGE_VIEW, Duration.ofSeconds(10));
    }

    @Test
    void aWrongWriteKeyATooLargeCallAndAnUnmappableOneGetProblemDetails() {
        String call = "{\"type\": \"page\", \"anonymousId\": \"a\"}";
        problem(post("/v1/page", basic("not-a-key"), "application/json", call), 401, "invalid-write-key");
        problem(post("/v1/page", null, "application/json", call), 401, "invalid-write-key");
        problem(post("/v1/page", basic(WEB_KEY), "application/json", "{\"anonymousId\": \"" + "x".repeat(40_000) + "\"}"),
                413, "payload-too-large");
        problem(post("/v1/track", basic(WEB_KEY), "application/json", "{\"anonymousId\": \"a\"}"), 400, "unmappable-event")
                .body("detail", containsString("event name"));
        problem(post("/v1/identify", basic(WEB_KEY), "application/json", "{\"traits\": {\"email\": \"x@example.jp\"}}"), 400,
                "unmappable-event").body("detail", containsString("userId or an anonymousId"));
        problem(post("/v1/page", basic(WEB_KEY), "application/json", "{\"anonymousId\": "), 400, "malformed-json");
        problem(post("/v1/batch", basic(WEB_KEY), "application/json", "{\"batch\": []}"), 400, "empty-batch");
    }

    private static String basic(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static ValidatableResponse post(String path, String authorization, String contentType, String body) {
        var request = given().contentType(contentType).body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post(path).then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("https://omniretail.io/problems/" + slug));
    }
}
