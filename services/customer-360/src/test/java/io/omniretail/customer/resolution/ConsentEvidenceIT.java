package io.omniretail.customer.resolution;

import static io.omniretail.customer.resolution.IdentityResolutionIT.touchpoint;
import static io.omniretail.testing.TestTokens.ASSOCIATE;
import static io.omniretail.testing.TestTokens.MANAGER;
import static io.omniretail.testing.TestTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.ChannelConsent;
import io.omniretail.events.customer.ConsentDecision;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ConsentSource;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.SegmentChange;
import io.omniretail.events.customer.SegmentMembershipChanged;
import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Consent decisions taken in notifications (ADR 0020) reach the golden record with their evidence, against the real
 * stack: a shop opt-in, then a one-click unsubscribe, then a late-arriving older decision that is kept as evidence but
 * does not undo the newer one; the published profile follows (and leaves the e-mail marketing segment), and the
 * phone's country gives the zone.
 */
@QuarkusTest
class ConsentEvidenceIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final TestProducer producer = TestProducer.shared();

    @Test
    void anUnsubscribeFromNotificationsWithdrawsMarketingKeepsTheEvidenceAndAnOlderDecisionDoesNotUndoIt() {
        String n = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String email = "consent." + n + "@example.jp";
        Instant optedIn = Instant.parse("2026-11-01T00:00:00Z");
        Touchpoint signup = Touchpoint.newBuilder(touchpoint(TouchpointType.PROFILE_UPDATE, TouchpointChannel.ONLINE_SHOPIFY,
                IdentityHints.newBuilder().setEmail(email).setPhone("+8190" + n).setVerified(true).build(), null))
                .setConsents(List.of(ConsentHint.newBuilder().setChannel("EMAIL").setGranted(true).setCapturedAt(optedIn)
                        .setOptInLevel("confirmed_opt_in").build()))
                .build();
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1");
                TopicProbe segmentChanges = TopicProbe.from("retail.customers.segments.v1")) {
            producer.send("retail.touchpoints.v1", "email:" + email, signup);
            String customerId = ((CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                    && e.getTouchpointId().equals(signup.getTouchpointId()), WAIT).value()).getCustomerId();
            profiles.await(r -> r.value() instanceof CustomerProfile p && p.getCustomerId().equals(customerId)
                    && p.getTraits().getSegments().contains("email-marketing"), WAIT);
            as(MANAGER).get("/segments/email-marketing/members?limit=500").then().statusCode(200)
                    .body("members.customerId", hasItem(customerId));

            Instant unsubscribed = Instant.parse("2026-12-01T10:00:00Z");
            producer.send("retail.notifications.consents.v1", customerId, decision(customerId, false, unsubscribed,
                    ConsentSource.ONE_CLICK_UNSUBSCRIBE, null, null));
            CustomerProfile profile = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getCustomerId().equals(customerId) && marketingEmail(p) != null && !marketingEmail(p).getGranted(), WAIT).value();
            assertThat(marketingEmail(profile).getUpdatedAt()).isEqualTo(unsubscribed);
            assertThat(profile.getTimeZone()).as("from the phone's country").isEqualTo("Asia/Tokyo");
            assertThat(profile.getTraits().getSegments()).as("left the segment with the consent").doesNotContain("email-marketing");
            as(MANAGER).get("/segments/email-marketing/members?limit=500").then().statusCode(200)
                    .body("members.customerId", not(hasItem(customerId)));
            SegmentMembershipChanged entered = (SegmentMembershipChanged) segmentChanges.await(r -> r.value() instanceof SegmentMembershipChanged c
                    && c.getCustomerId().equals(customerId) && c.getSegmentId().equals("email-marketing") && c.getChange() == SegmentChange.ENTERED, WAIT).value();
            assertThat(entered.getSegments()).contains("email-marketing");
            SegmentMembershipChanged left = (SegmentMembershipChanged) segmentChanges.await(r -> r.value() instanceof SegmentMembershipChanged c
                    && c.getCustomerId().equals(customerId) && c.getSegmentId().equals("email-marketing") && c.getChange() == SegmentChange.LEFT, WAIT).value();
            assertThat(left.getSegments()).doesNotContain("email-marketing");
            assertThat(left.getProfileVersion()).isEqualTo(profile.getVersion());
            as(MANAGER).get("/segments").then().statusCode(200)
                    .body("find { it.segmentId == 'email-marketing' }.rule", equalTo(
                            "profile.consents.exists(c, c.channel == 'EMAIL' && c.purpose == 'MARKETING' && c.granted)"));
            as(ASSOCIATE).get("/segments").then().statusCode(403);

            // a preference-centre decision taken earlier that arrives late: evidence, but not the current decision
            producer.send("retail.notifications.consents.v1", customerId, decision(customerId, true, unsubscribed.minusSeconds(3_600),
                    ConsentSource.PREFERENCE_CENTRE, "2026-12", null));
            await().atMost(WAIT).untilAsserted(() -> as(ASSOCIATE).get("/customers/" + customerId + "/consents").then().statusCode(200)
                    .body("evidence", hasSize(3))
                    .body("evidence[0].source", equalTo("ONE_CLICK_UNSUBSCRIBE"))
                    .body("evidence[1].source", equalTo("PREFERENCE_CENTRE")).body("evidence[1].textVersion", equalTo("2026-12"))
                    .body("evidence[2].source", equalTo("SHOPIFY")).body("evidence[2].optInLevel", equalTo("confirmed_opt_in"))
                    .body("current.find { it.channel == 'EMAIL' && it.purpose == 'MARKETING' }.granted", equalTo(false)));
        }
    }

    private static ChannelConsent marketingEmail(CustomerProfile profile) {
        return profile.getConsents().stream().filter(c -> c.getChannel() == ContactChannel.EMAIL && c.getPurpose() == ConsentPurpose.MARKETING)
                .findFirst().orElse(null);
    }

    private static ConsentDecision decision(String customerId, boolean granted, Instant at, ConsentSource source, String textVersion,
            String actor) {
        return ConsentDecision.newBuilder().setMetadata(EventMetadataFactory.origin(UUID.randomUUID().toString(), Instant.now(), "test"))
                .setCustomerId(customerId).setChannel(ContactChannel.EMAIL).setPurpose(ConsentPurpose.MARKETING).setGranted(granted)
                .setDecidedAt(at).setSource(source).setTextVersion(textVersion).setActor(actor).build();
    }
}
