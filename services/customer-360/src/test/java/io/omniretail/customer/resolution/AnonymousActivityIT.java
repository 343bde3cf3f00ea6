package io.omniretail.customer.resolution;

import static io.omniretail.customer.resolution.IdentityResolutionIT.purchase;
import static io.omniretail.customer.resolution.IdentityResolutionIT.touchpoint;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.IdentifierType;
import io.omniretail.events.customer.IdentityMerged;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Web and app visitors (analytics anonymousIds) against the real stack: a visitor's activity joins the person who
 * identifies on that browser, and never merges two known customers (ARCHITECTURE.md, identity rules).
 */
@QuarkusTest
class AnonymousActivityIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestProducer producer = TestProducer.shared();
    static final String TOPIC = "retail.touchpoints.v1";

    @Test
    void aVisitorsActivityJoinsTheKnownCustomerWhoIdentifiesOnThatBrowserWithoutAVerifiedIdentifier() {
        String n = unique();
        String browser = "anon-" + UUID.randomUUID();
        String email = "visitor." + n + "@example.jp";
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe merges = TopicProbe.from("retail.customers.merges.v1");
                TopicProbe profiles = TopicProbe.from("retail.customers.profiles.v1")) {
            Touchpoint bought = touchpoint(TouchpointType.PURCHASE, TouchpointChannel.ONLINE_SHOPIFY,
                    IdentityHints.newBuilder().setEmail(email).setVerified(true).build(), purchase("order-" + n, 2_000));
            producer.send(TOPIC, "email:" + email, bought);
            String known = unifiedFor(unified, bought).getCustomerId();

            Touchpoint browsed = visit(TouchpointType.PAGE_VIEW, IdentityHints.newBuilder().setAnonymousId(browser).build());
            producer.send(TOPIC, "anon:" + browser, browsed);
            String visitor = unifiedFor(unified, browsed).getCustomerId();
            assertThat(visitor).as("an anonymous visitor of their own").isNotEqualTo(known);

            // the browser's identify: its e-mail names the known customer; nothing here is verified
            Touchpoint identified = visit(TouchpointType.PROFILE_UPDATE, IdentityHints.newBuilder().setAnonymousId(browser)
                    .setAccountId("u-" + n).setEmail(email).setPushToken("push-" + n).build());
            producer.send(TOPIC, "anon:" + browser, identified);
            assertThat(unifiedFor(unified, identified).getCustomerId()).isEqualTo(known);
            IdentityMerged stitched = (IdentityMerged) merges.await(r -> r.value() instanceof IdentityMerged m
                    && m.getSurvivorCustomerId().equals(known), WAIT).value();
            assertThat(stitched.getMergedCustomerIds()).containsExactly(visitor);

            Touchpoint later = visit(TouchpointType.PRODUCT_VIEWED, IdentityHints.newBuilder().setAnonymousId(browser).build());
            producer.send(TOPIC, "anon:" + browser, later);
            assertThat(unifiedFor(unified, later).getCustomerId()).as("the browser is theirs now").isEqualTo(known);
            CustomerProfile profile = (CustomerProfile) profiles.await(r -> r.value() instanceof CustomerProfile p
                    && p.getMetadata().getCausationId().equals(later.getTouchpointId()), WAIT).value();
            assertThat(profile.getIdentifiers()).anySatisfy(id -> {
                assertThat(id.getType()).isEqualTo(IdentifierType.PUSH_TOKEN);
                assertThat(id.getValue()).isEqualTo("push-" + n);
            });
        }
    }

    @Test
    void aSharedBrowserNeverMergesTwoKnownCustomers() {
        String n = unique();
        String browser = "anon-" + UUID.randomUUID();
        String first = "first." + n + "@example.jp";
        String second = "second." + n + "@example.jp";
        try (TopicProbe unified = TopicProbe.from("retail.customers.unified.v1");
                TopicProbe merges = TopicProbe.from("retail.customers.merges.v1")) {
            Touchpoint firstIdentifies = visit(TouchpointType.PROFILE_UPDATE,
                    IdentityHints.newBuilder().setAnonymousId(browser).setEmail(first).build());
            producer.send(TOPIC, "anon:" + browser, firstIdentifies);
            String firstCustomer = unifiedFor(unified, firstIdentifies).getCustomerId();
            Touchpoint secondBuys = touchpoint(TouchpointType.PURCHASE, TouchpointChannel.ONLINE_SHOPIFY,
                    IdentityHints.newBuilder().setEmail(second).setVerified(true).build(), purchase("order-s" + n, 2_000));
            producer.send(TOPIC, "email:" + second, secondBuys);
            String secondCustomer = unifiedFor(unified, secondBuys).getCustomerId();

            // the second person logs in on the first one's browser
            Touchpoint secondIdentifies = visit(TouchpointType.PROFILE_UPDATE,
                    IdentityHints.newBuilder().setAnonymousId(browser).setEmail(second).build());
            producer.send(TOPIC, "anon:" + browser, secondIdentifies);
            assertThat(unifiedFor(unified, secondIdentifies).getCustomerId()).isEqualTo(secondCustomer);
            assertThat(merges.collect(Duration.ofSeconds(1))).noneMatch(r -> r.value() instanceof IdentityMerged m
                    && (m.getSurvivorCustomerId().equals(firstCustomer) || m.getSurvivorCustomerId().equals(secondCustomer)));
        }
    }

    private static Touchpoint visit(TouchpointType type, IdentityHints identity) {
        return Touchpoint.newBuilder(touchpoint(type, TouchpointChannel.WEB, identity, null)).setSourceSystem("analytics:web").build();
    }

    private static CustomerEvent unifiedFor(TopicProbe unified, Touchpoint touchpoint) {
        return (CustomerEvent) unified.await(r -> r.value() instanceof CustomerEvent e
                && e.getTouchpointId().equals(touchpoint.getTouchpointId()), WAIT).value();
    }

    private static String unique() {
        return Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
    }
}
