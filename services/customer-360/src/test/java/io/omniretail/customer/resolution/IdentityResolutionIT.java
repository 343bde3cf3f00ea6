package io.omniretail.customer.resolution;

import static io.omniretail.testing.TestTokens.as;
import static io.omniretail.testing.TestTokens.ADMIN;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.IdentityMerged;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/** customer-360 against the real stack: one customer across channels, no double effect, poison to DLQ, merges. */
@QuarkusTest
class IdentityResolutionIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestProducer producer = TestProducer.shared();

    @Test
    void theSameShopperInStoreAndOnlineIsOneCustomerWithBothPurchases() {
        String n = unique();
        String email = "hana." + n + "@example.jp";
        String card = "49" + n;
        String phoneNational = "090-" + n.substring(0, 4) + "-" + n.substring(4, 8);
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1")) {
            // registered at the till: card, e-mail, phone in national format
            Touchpoint registration = touchpoint(TouchpointType.PROFILE_UPDATE, TouchpointChannel.STORE_POS,
                    IdentityHints.newBuilder().setPosLoyaltyCard(card).setEmail(email).setRawPhone(phoneNational)
                            .setCountryCode("JP").setLocale("ja-JP").setVerified(true).build(), null);
            producer.send("retail.touchpoints.v1", "pos-card:" + card, registration);
            String customerId = customerOf(unified, registration);

            // online: e-mail in another case, phone in international format, a Shopify customer id
            Touchpoint online = touchpoint(TouchpointType.PURCHASE, TouchpointChannel.ONLINE_SHOPIFY,
                    IdentityHints.newBuilder().setEmail(email.toUpperCase()).setRawPhone("+81 " + phoneNational.substring(1))
                            .setShopifyCustomerId("sc-" + n).setVerified(true).build(), purchase("online-" + n, 12_340));
            producer.send("retail.touchpoints.v1", "shopify-customer:sc-" + n, online);
            CustomerEvent onlineEvent = unifiedFor(unified, online);
            assertThat(onlineEvent.getCustomerId()).isEqualTo(customerId);
            assertThat(onlineEvent.getIsFirstPurchase()).isTrue();
            assertThat(onlineEvent.getMetadata().getCorrelationId()).isEqualTo(online.getMetadata().getEventId());
            assertThat(onlineEvent.getMetadata().getCausationId()).isEqualTo(online.getMetadata().getEventId());

            // in store with the card only
            Touchpoint inStore = touchpoint(TouchpointType.PURCHASE, TouchpointChannel.STORE_POS,
                    IdentityHints.newBuilder().setPosLoyaltyCard(card).setVerified(true).build(), purchase("pos-sale:" + n, 5_480));
            producer.send("retail.touchpoints.v1", "pos-card:" + card, inStore);
            CustomerEvent storeEvent = unifiedFor(unified, inStore);
            assertThat(storeEvent.getCustomerId()).isEqualTo(customerId);
            assertThat(storeEvent.getIsFirstPurchase()).isFalse();

            CustomerProfile profile = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(customerId) && p.getStats().getPurchaseCount() == 2, WAIT).value();
            assertThat(profile.getStats().getOnlinePurchaseCount()).isEqualTo(1);
            assertThat(profile.getStats().getStorePurchaseCount()).isEqualTo(1);
            assertThat(profile.getEmails()).containsExactly(email);
            assertThat(profile.getPhones()).containsExactly("+81" + phoneNational.substring(1).replace("-", ""));
            assertThat(profile.getLocale()).isEqualTo("ja-JP");
            assertThat(profile.getTimeZone()).isEqualTo("Asia/Tokyo");

            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(200)
                    .body("orders", hasSize(2)).body("purchaseCount", equalTo(2));
            as(ASSOCIATE).queryParam("type", "EMAIL").queryParam("value", email.toUpperCase()).get("/customers")
                    .then().statusCode(200).body("customerId", equalTo(customerId));

            // both reads are in the access audit, for admins only, with the customer found but never the e-mail asked for
            String audit = as(ADMIN).queryParam("customerId", customerId).get("/audit/access").then().statusCode(200)
                    .body("username", everyItem(equalTo("associate")))
                    .body("operation", contains("CustomerResource.byIdentifier", "CustomerResource.byId"))
                    .body("status", everyItem(equalTo(200)))
                    .extract().asString();
            assertThat(audit.toLowerCase()).doesNotContain(email.toLowerCase());
            as(ASSOCIATE).queryParam("customerId", customerId).get("/audit/access").then().statusCode(403);
        }
    }

    @Test
    void aRedeliveredTouchpointHasNoSecondEffect() {
        String n = unique();
        Touchpoint purchase = touchpoint(TouchpointType.PURCHASE, TouchpointChannel.ONLINE_SHOPIFY,
                IdentityHints.newBuilder().setEmail("again." + n + "@example.com").setVerified(true).build(), purchase("again-" + n, 1_000));
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1")) {
            producer.send("retail.touchpoints.v1", "email:again", purchase);
            String customerId = unifiedFor(unified, purchase).getCustomerId();
            producer.send("retail.touchpoints.v1", "email:again", purchase);
            assertThat(unified.collect(Duration.ofSeconds(3)))
                    .filteredOn(r -> r.value() instanceof CustomerEvent e && e.getTouchpointId().equals(purchase.getTouchpointId()))
                    .hasSize(1);
            as(ASSOCIATE).get("/customers/" + customerId).then().statusCode(200).body("purchaseCount", equalTo(1));
        }
    }

    @Test
    void anUndecodableRecordGoesToTheDlqAndTheNextOneIsStillApplied() {
        String n = unique();
        Touchpoint after = touchpoint(TouchpointType.SIGNUP, TouchpointChannel.WEB,
                IdentityHints.newBuilder().setEmail("after.poison." + n + "@example.com").build(), null);
        try (TopicProbe dlq = TopicProbe.from("retail.touchpoints.v1.dlq");
                TopicProbe unified = TopicProbe.from("retail.customers.unified.v1")) {
            producer.sendRaw("retail.touchpoints.v1", "poison-" + n, ("not avro " + n).getBytes());
            producer.send("retail.touchpoints.v1", "email:after", after);

            TopicProbe.Received dead = dlq.await(r -> ("poison-" + n).equals(r.key()), WAIT);
            assertThat(dead.headers()).containsEntry("dlq.consumer", "customer-360");
            assertThat(dead.headers().get("dlq.reason")).contains("undecodable");
            assertThat(new String(dead.rawValue())).isEqualTo("not avro " + n);
            unifiedFor(unified, after);
        }
    }

    @Test
    void verifiedIdentifiersOfTwoCustomersMergeThemIntoTheOlderOne() {
        String n = unique();
        String email = "merge." + n + "@example.com";
        String card = "48" + n;
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe merges = TopicProbe.from("retail.customers.merges.v1")) {
            Touchpoint byEmail = touchpoint(TouchpointType.SIGNUP, TouchpointChannel.WEB,
                    IdentityHints.newBuilder().setEmail(email).build(), null);
            producer.send("retail.touchpoints.v1", "email:" + email, byEmail);
            String older = unifiedFor(unified, byEmail).getCustomerId();
            Touchpoint byCard = touchpoint(TouchpointType.PURCHASE, TouchpointChannel.STORE_POS,
                    IdentityHints.newBuilder().setPosLoyaltyCard(card).setVerified(true).build(), purchase("pos-sale:m" + n, 2_000));
            producer.send("retail.touchpoints.v1", "pos-card:" + card, byCard);
            String newer = unifiedFor(unified, byCard).getCustomerId();
            assertThat(newer).isNotEqualTo(older);

            Touchpoint both = touchpoint(TouchpointType.PROFILE_UPDATE, TouchpointChannel.STORE_POS,
                    IdentityHints.newBuilder().setPosLoyaltyCard(card).setEmail(email).setVerified(true).build(), null);
            producer.send("retail.touchpoints.v1", "pos-card:" + card, both);

            IdentityMerged merged = (IdentityMerged) merges.await(r -> r.value() instanceof IdentityMerged m
                    && m.getSurvivorCustomerId().equals(older), WAIT).value();
            assertThat(merged.getMergedCustomerIds()).containsExactly(newer);
            assertThat(unifiedFor(unified, both).getCustomerId()).isEqualTo(older);
            as(ASSOCIATE).get("/customers/" + newer).then().statusCode(200)
                    .body("customerId", equalTo(older)).body("purchaseCount", equalTo(1));
        }
    }

    private static String customerOf(TopicProbe unified, Touchpoint touchpoint) {
        return unifiedFor(unified, touchpoint).getCustomerId();
    }

    private static CustomerEvent unifiedFor(TopicProbe unified, Touchpoint touchpoint) {
        return (CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                && e.getTouchpointId().equals(touchpoint.getTouchpointId()), WAIT).value();
    }

    private static String unique() {
        return Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
    }

    static Touchpoint touchpoint(TouchpointType type, TouchpointChannel channel, IdentityHints identity, PurchaseDetails purchase) {
        String id = UUID.randomUUID().toString();
        return Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test:identity-resolution"))
                .setTouchpointId(id).setType(type).setChannel(channel)
                .setSourceSystem("test").setSourceReference(id)
                .setIdentity(identity).setPurchase(purchase).build();
    }

    static PurchaseDetails purchase(String orderId, long yen) {
        return PurchaseDetails.newBuilder().setOrderId(orderId).setOrderNumber(orderId)
                .setTotal(Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(yen).setScale(4)).build())
                .setLines(List.of()).setPlacedAt(Instant.now()).build();
    }
}
