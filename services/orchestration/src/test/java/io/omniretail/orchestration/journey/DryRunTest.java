package io.omniretail.orchestration.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.orchestration.definition.EventStream;
import io.omniretail.orchestration.definition.JourneyDefinition;
import io.omniretail.orchestration.definition.JourneyDefinitionReader;
import io.omniretail.orchestration.journey.JourneyInstance.State;

/** Dry runs in memory: the live engine's rules with the recorded times as the clock, and nothing sent. */
class DryRunTest {

    static final JourneySemantics SEMANTICS = new JourneySemantics("test-salt", ZoneId.of("Asia/Tokyo"), "care-desk");
    static final Instant T0 = Instant.parse("2026-11-20T01:00:00Z");
    static final Duration RETENTION = Duration.ofDays(2);

    @Test
    void aPurchaseMidWaitExitsAndConvertsWhileTheOtherCartIsRemindedAfterAnHour() {
        DryRun run = new DryRun(SEMANTICS, builtIn("cart-abandonment"), T0, T0.plus(Duration.ofHours(2)), 10, RETENTION, List.of());
        run.event(EventStream.CUSTOMER, JourneyEvents.checkout("anna"), "anna", T0.plusSeconds(60));
        run.event(EventStream.CUSTOMER, JourneyEvents.checkout("ben"), "ben", T0.plusSeconds(120));
        run.event(EventStream.CUSTOMER, JourneyEvents.purchase("ben", "order-ben"), "ben", T0.plus(Duration.ofMinutes(30)));

        DryRun.Report report = run.finish();

        assertThat(report.entered()).isEqualTo(2);
        assertThat(report.exited()).isEqualTo(1);
        assertThat(report.converted()).isEqualTo(1);
        assertThat(report.active()).isEqualTo(1);
        assertThat(report.who().exited()).containsExactly("ben");
        assertThat(report.who().converted()).containsExactly("ben");
        assertThat(report.steps()).containsOnlyKeys("first-wait", "first-reminder");
        assertThat(report.actions()).containsExactly(Map.entry("first-reminder", 1L));
        DryRun.ActionSample sample = report.samples().get(0);
        assertThat(sample.customerId()).isEqualTo("anna");
        assertThat(sample.topic()).isEqualTo("retail.notifications.requests.v1");
        assertThat(sample.at()).isEqualTo(T0.plusSeconds(60).plus(Duration.ofHours(1)));
        assertThat(sample.record()).containsEntry("templateId", "cart-reminder").doesNotContainKey("metadata");
        assertThat(report.eventsRead()).containsEntry("customer", 3L);
        assertThat(report.customers()).isEqualTo(2);
    }

    @Test
    void aWaitDueAfterTheRangeEndsSendsNothing() {
        DryRun run = new DryRun(SEMANTICS, builtIn("cart-abandonment"), T0, T0.plus(Duration.ofMinutes(59)), 10, RETENTION, List.of());
        run.event(EventStream.CUSTOMER, JourneyEvents.checkout("anna"), "anna", T0);

        DryRun.Report report = run.finish();

        assertThat(report.entered()).isEqualTo(1);
        assertThat(report.active()).isEqualTo(1);
        assertThat(report.actions()).isEmpty();
        assertThat(report.samples()).isEmpty();
    }

    @Test
    void aRecordedLoyaltyAnswerCompletesTheWelcomeAndAMissingOneTimesOut() {
        DryRun run = new DryRun(SEMANTICS, builtIn("welcome"), T0, T0.plus(Duration.ofHours(1)), 10, RETENTION, List.of());
        CustomerEvent carla = JourneyEvents.event("carla", TouchpointType.SIGNUP);
        run.event(EventStream.CUSTOMER, carla, "carla", T0);
        run.event(EventStream.CUSTOMER, JourneyEvents.event("dora", TouchpointType.SIGNUP), "dora", T0);
        run.event(EventStream.LOYALTY, JourneyEvents.bonus("carla", carla.getMetadata(), "cmd", 200, "sign-up bonus"), "carla",
                T0.plusSeconds(2));

        DryRun.Report report = run.finish();

        assertThat(report.actions()).containsEntry("bonus", 2L);
        assertThat(report.steps().get("bonus-booked")).containsEntry("MATCHED", 1L).containsEntry("TIMED_OUT", 1L);
        assertThat(report.samples()).filteredOn(sample -> sample.stepId().equals("hello") && sample.customerId().equals("carla"))
                .singleElement().satisfies(sample -> assertThat(sample.record().get("parameters")).isEqualTo(
                        Map.of("bonusPoints", "200", "pointsBalance", "200")));
    }

    @Test
    void reentryRulesCountTheLiveInstancesFromBeforeTheRange() {
        JourneyInstance earlier = new JourneyInstance();
        earlier.instanceId = "before";
        earlier.journeyId = "welcome";
        earlier.customerId = "dan";
        earlier.state = State.COMPLETED;
        earlier.enteredAt = T0.minus(Duration.ofDays(3));
        earlier.endedAt = T0.minus(Duration.ofDays(3));
        DryRun run = new DryRun(SEMANTICS, builtIn("welcome"), T0, T0.plus(Duration.ofHours(1)), 10, RETENTION, List.of(earlier));
        run.event(EventStream.CUSTOMER, JourneyEvents.event("dan", TouchpointType.SIGNUP), "dan", T0);
        run.event(EventStream.CUSTOMER, JourneyEvents.event("erin", TouchpointType.SIGNUP), "erin", T0);

        DryRun.Report report = run.finish();

        assertThat(report.entered()).isEqualTo(1);
        assertThat(report.who().entered()).containsExactly("erin");
    }

    @Test
    void aProductChangeReachesOnlyTheInstancesWhoseObjectIsItsSku() {
        DryRun run = new DryRun(SEMANTICS, builtIn("price-drop"), T0, T0.plus(Duration.ofDays(1)), 10, RETENTION, List.of());
        run.event(EventStream.CUSTOMER, JourneyEvents.subscribed("gina", TouchpointType.PRICE_DROP_SUBSCRIBED, "SKU-1", 3_980), "gina", T0);
        run.event(EventStream.CUSTOMER, JourneyEvents.subscribed("hugo", TouchpointType.PRICE_DROP_SUBSCRIBED, "SKU-2", 3_980), "hugo", T0);
        run.product(JourneyEvents.product("SKU-1", 2_980, 5L), T0.plus(Duration.ofHours(1)));

        DryRun.Report report = run.finish();

        assertThat(report.eventsRead()).containsEntry("product", 1L);
        assertThat(report.actions()).containsExactly(Map.entry("tell", 1L));
        assertThat(report.samples()).singleElement().satisfies(sample -> {
            assertThat(sample.customerId()).isEqualTo("gina");
            assertThat(sample.record().get("parameters")).isEqualTo(Map.of("oldPrice", "3980 JPY", "newPrice", "2980 JPY",
                    "productTitle", "Organic cotton tee - White / M", "productUrl", "https://demo-shop.myshopify.com/products/organic-cotton-tee"));
        });
        assertThat(report.completed()).isEqualTo(1);
        assertThat(report.active()).as("hugo's SKU did not change").isEqualTo(1);
    }

    @Test
    void samplesAreCappedButCountsAreNot() {
        DryRun run = new DryRun(SEMANTICS, builtIn("cart-abandonment"), T0, T0.plus(Duration.ofHours(2)), 1, RETENTION, List.of());
        for (String customer : List.of("f1", "f2", "f3")) {
            run.event(EventStream.CUSTOMER, JourneyEvents.checkout(customer), customer, T0);
        }

        DryRun.Report report = run.finish();

        assertThat(report.actions()).containsEntry("first-reminder", 3L);
        assertThat(report.samples()).hasSize(1);
        assertThat(report.who().entered()).hasSize(1);
    }

    static JourneyDefinition builtIn(String name) {
        try (InputStream in = DryRunTest.class.getResourceAsStream("/journeys/built-in/" + name + ".yaml")) {
            return JourneyDefinitionReader.read(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
