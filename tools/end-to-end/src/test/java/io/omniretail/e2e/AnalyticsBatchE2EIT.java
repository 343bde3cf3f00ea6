package io.omniretail.e2e;

import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TopicProbe;

/**
 * A recorded analytics.js batch (tools/analytics/samples: a visitor browses, logs in, adds to the cart) sent the way
 * the SDK sends it: every call lands on the unified stream as one customer, found by the e-mail they logged in with.
 */
class AnalyticsBatchE2EIT {

    @Test
    void anAnalyticsJsBatchOfAVisitorWhoLogsInIsOneCustomerOnTheUnifiedStream() throws Exception {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String run = UUID.randomUUID().toString();
        String email = "browser." + n + "@example.jp";
        String batch = Files.readString(Path.of("../analytics/samples/analytics-js-batch.json"))
                .replace("ANONYMOUS_ID", "anon-" + run).replace("USER_ID", "user-" + n).replace("EMAIL", email)
                .replace("PHONE", "090-" + n.substring(0, 4) + "-" + n.substring(4))
                .replace("CART_ID", "cart-" + n).replace("MESSAGE_", run + "-");
        String message = "ajs-next-" + run + "-";
        List<String> messageIds = List.of(message + "1", message + "2", message + "3", message + "4");

        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1")) {
            given().auth().preemptive().basic("demo-web-write-key", "").contentType("application/json").body(batch)
                    .post(OneShopperAcrossChannelsE2EIT.service(1) + "/v1/batch")
                    .then().statusCode(200).body("success", equalTo(true)).body("accepted", equalTo(4));

            for (String messageId : messageIds) {
                unified.await(r -> r.value() instanceof CustomerEvent e && messageId.equals(e.getSourceReference()), Duration.ofSeconds(60));
            }
            Map<String, CustomerEvent> byMessage = unified.collect(Duration.ZERO).stream()
                    .filter(r -> r.value() instanceof CustomerEvent e && messageIds.contains(e.getSourceReference()))
                    .map(r -> (CustomerEvent) r.value()).collect(Collectors.toMap(CustomerEvent::getSourceReference, e -> e, (a, b) -> a));
            assertThat(byMessage.values()).extracting(CustomerEvent::getCustomerId).as("one customer").containsOnly(
                    byMessage.get(message + "1").getCustomerId());
            assertThat(messageIds.stream().map(id -> byMessage.get(id).getType()).toList()).containsExactly(TouchpointType.PAGE_VIEW,
                    TouchpointType.PRODUCT_VIEWED, TouchpointType.PROFILE_UPDATE, TouchpointType.CART_UPDATED);
            assertThat(byMessage.get(message + "2").getActivity().getProducts()).singleElement()
                    .satisfies(product -> assertThat(product.getSku()).isEqualTo("SHIRT-LINEN-NAVY-M"));

            String customerId = byMessage.get(message + "1").getCustomerId();
            as(ASSOCIATE).queryParam("type", "EMAIL").queryParam("value", email).get(OneShopperAcrossChannelsE2EIT.service(2) + "/customers")
                    .then().statusCode(200).body("customerId", equalTo(customerId));
        }
    }
}
