package io.omniretail.kit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.common.Money;
import io.omniretail.events.customer.ChannelConsent;
import io.omniretail.events.customer.ChannelMix;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.CustomerTraits;
import io.omniretail.events.customer.ProfileStats;
import io.omniretail.events.customer.RfmScores;
import io.omniretail.kit.rules.Rule.Outcome;

class RuleLanguageTest {

    static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

    static final CustomerProfile GOLD_IN_TOKYO = CustomerProfile.newBuilder()
            .setMetadata(EventMetadata.newBuilder().setEventId("e").setOccurredAt(NOW).setSource("test").setCorrelationId("e").build())
            .setCustomerId("c-1").setFirstName("花子").setLocale("ja-JP").setTimeZone("Asia/Tokyo")
            .setPreferredChannel(ContactChannel.LINE).setLoyaltyTier("GOLD").setBirthDate(LocalDate.of(1990, 12, 24))
            .setConsents(List.of(ChannelConsent.newBuilder().setChannel(ContactChannel.EMAIL).setPurpose(ConsentPurpose.MARKETING)
                    .setGranted(true).setUpdatedAt(NOW).build()))
            .setStats(ProfileStats.newBuilder().build()).setVersion(3)
            .setTraits(CustomerTraits.newBuilder().setLoyaltyPoints(1_234L)
                    .setSpend12Months(Money.newBuilder().setCurrency("JPY").setAmount(new BigDecimal("120000.0000")).build())
                    .setPurchases12Months(7)
                    .setRfm(RfmScores.newBuilder().setRecency(5).setFrequency(4).setMonetary(5).setScoredAt(NOW).build())
                    .setChannelMix(ChannelMix.OMNICHANNEL)
                    .setCategoriesBought(List.of("coats", "knitwear")).setCategoriesBrowsed(List.of("shoes"))
                    .setLastPurchaseAt(Instant.parse("2026-09-01T00:00:00Z")).setTags(List.of("vip")).build())
            .build();

    static Rule.Result segment(String expression) {
        return RuleLanguage.SEGMENTS.compile(expression).evaluate(Map.of("profile", CelValues.of(GOLD_IN_TOKYO), "now", NOW));
    }

    @Test
    void rulesReadTheProfileAndItsTraitsByTheirSchemasNames() {
        assertThat(segment("profile.loyaltyTier == 'GOLD' && profile.traits.spend12Months.amount >= 100000.0").holds()).isTrue();
        assertThat(segment("profile.traits.purchases12Months > 5 && profile.traits.rfm.recency >= 4").holds()).isTrue();
        assertThat(segment("'coats' in profile.traits.categoriesBought && !('shoes' in profile.traits.categoriesBought)").holds()).isTrue();
        assertThat(segment("profile.locale.startsWith('ja') && profile.preferredChannel == 'LINE'").holds()).isTrue();
        assertThat(segment("profile.consents.exists(c, c.channel == 'EMAIL' && c.purpose == 'MARKETING' && c.granted)").holds()).isTrue();
        assertThat(segment("profile.traits.tags.exists(t, t == 'vip') && profile.traits.channelMix == 'OMNICHANNEL'").holds()).isTrue();
        assertThat(segment("profile.birthDate.endsWith('-12-24')").holds()).isTrue();
    }

    @Test
    void timeIsRealTimestampsAndDurations() {
        assertThat(segment("now - profile.traits.lastPurchaseAt > duration('2400h')").holds()).as("over 100 days").isFalse();
        assertThat(segment("now - profile.traits.lastPurchaseAt > duration('720h')").holds()).as("over 30 days").isTrue();
        assertThat(segment("profile.traits.lastPurchaseAt < timestamp('2026-10-01T00:00:00Z')").holds()).isTrue();
    }

    @Test
    void aFieldTheCustomerLacksIsTestedWithHasAndOtherwiseDoesNotHoldWithTheReason() {
        assertThat(segment("has(profile.traits.assignedAssociate)").holds()).isFalse();
        Rule.Result missing = segment("profile.traits.assignedAssociate == 'aoi'");
        assertThat(missing.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(missing.error()).contains("assignedAssociate");
        assertThat(RuleLanguage.SEGMENTS.compile("profile.loyaltyTier == 'GOLD'").evaluate(Map.of("now", NOW)).error())
                .isEqualTo("no value for 'profile'");
    }

    @Test
    void aRuleThatDoesNotParseNamesItsPosition() {
        assertThatThrownBy(() -> RuleLanguage.SEGMENTS.compile("profile.loyaltyTier == 'GOLD' &&\n  profile.traits.rfm.recency >"))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isGreaterThan(1);
                    assertThat(e.getMessage()).contains("at 2:");
                });
    }

    @Test
    void aRuleOverAnUndeclaredVariableOrNotYieldingABoolIsRefusedWhenWritten() {
        assertThatThrownBy(() -> RuleLanguage.SEGMENTS.compile("event.type == 'PURCHASE'"))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.getMessage()).contains("event");
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(1);
                });
        assertThatThrownBy(() -> RuleLanguage.SEGMENTS.compile("profile.traits.purchases12Months + 1"))
                .isInstanceOf(RuleException.class);
        assertThatThrownBy(() -> RuleLanguage.SEGMENTS.compile(" ")).isInstanceOf(RuleException.class);
    }

    @Test
    void journeyConditionsSeeTheEventTheTriggerTheCapturedEventsTheProfileAndTheSegments() {
        Rule rule = RuleLanguage.JOURNEYS.compile("""
                event.customerId == profile.customerId && 'vip' in segments
                  && event.reference == trigger.orderId && events.points.delta > 0""");
        Map<String, Object> event = Map.of("customerId", "c-1", "type", "POINTS_EARNED", "reference", "o-1");
        Map<String, Object> trigger = Map.of("orderId", "o-1");
        Map<String, Object> captured = Map.of("points", Map.of("delta", 10L));
        assertThat(rule.evaluate(Map.of("event", event, "trigger", trigger, "events", captured, "profile", CelValues.of(GOLD_IN_TOKYO),
                "segments", List.of("vip"), "now", NOW)).holds()).isTrue();
        assertThat(rule.evaluate(Map.of("event", event, "trigger", trigger, "events", captured, "profile", CelValues.of(GOLD_IN_TOKYO),
                "segments", List.of(), "now", NOW)).outcome()).isEqualTo(Outcome.FALSE);
        assertThat(rule.evaluate(Map.of("event", event, "trigger", trigger, "events", Map.of(), "profile", CelValues.of(GOLD_IN_TOKYO),
                "segments", List.of("vip"), "now", NOW)).outcome()).as("a captured event that never came").isEqualTo(Outcome.ERROR);
    }

    @Test
    void aTimeExpressionComputesFromAnEventsTimestampOrYieldsNothing() {
        TimeExpression dayBefore = RuleLanguage.JOURNEYS.compileTime("trigger.appointment.startsAt - duration('24h')");
        Map<String, Object> values = Map.of("event", Map.of(), "trigger", Map.of("appointment", Map.of("startsAt", Instant.parse("2026-12-05T05:00:00Z"))),
                "profile", Map.of(), "segments", List.of(), "now", NOW, "events", Map.of());
        assertThat(dayBefore.evaluate(values)).contains(Instant.parse("2026-12-04T05:00:00Z"));
        assertThat(dayBefore.evaluate(Map.of("event", Map.of(), "trigger", Map.of(), "profile", Map.of(), "segments", List.of(),
                "now", NOW, "events", Map.of()))).isEmpty();
        assertThatThrownBy(() -> RuleLanguage.JOURNEYS.compileTime("'tomorrow'")).isInstanceOf(RuleException.class);
    }

    @Test
    void aNumberExpressionYieldsIntsAndDoublesAsDoublesNothingWhenItCannotAndRefusesOtherTypes() {
        NumberExpression value = RuleLanguage.JOURNEYS.compileNumber("profile.traits.predictions.predictedClv.amount * 0.05");
        Map<String, Object> values = Map.of("event", Map.of(), "trigger", Map.of(), "segments", List.of(), "now", NOW, "events", Map.of(),
                "profile", Map.of("traits", Map.of("predictions", Map.of("predictedClv", Map.of("amount", 12_000.0)))));
        assertThat(value.evaluate(values)).contains(600.0);
        assertThat(value.evaluate(Map.of("event", Map.of(), "trigger", Map.of(), "segments", List.of(), "now", NOW, "events", Map.of(),
                "profile", Map.of()))).as("no predictions yet").isEmpty();
        assertThat(RuleLanguage.JOURNEYS.compileNumber("500").evaluate(values)).contains(500.0);
        assertThat(RuleLanguage.JOURNEYS.compileNumber("1.0 / 0.0").evaluate(values)).as("not finite").isEmpty();
        assertThatThrownBy(() -> RuleLanguage.JOURNEYS.compileNumber("'a lot'")).isInstanceOf(RuleException.class)
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> RuleLanguage.JOURNEYS.compileNumber("profile.x > 1")).isInstanceOf(RuleException.class);
    }

    @Test
    void aTextExpressionYieldsItsStringOrNothingWhenItsSourceIsMissing() {
        TextExpression points = RuleLanguage.JOURNEYS.compileText("string(events.points.delta)");
        Map<String, Object> values = Map.of("event", Map.of(), "trigger", Map.of(), "profile", Map.of(), "segments", List.of(),
                "now", NOW, "events", Map.of("points", Map.of("delta", 10L)));
        assertThat(points.evaluate(values)).contains("10");
        assertThat(points.evaluate(Map.of("event", Map.of(), "trigger", Map.of(), "profile", Map.of(), "segments", List.of(),
                "now", NOW, "events", Map.of()))).isEmpty();
        assertThatThrownBy(() -> RuleLanguage.JOURNEYS.compileText("1 + 2")).isInstanceOf(RuleException.class)
                .hasMessageContaining("expected type 'string'");
    }

    @Test
    void avroValuesBecomeCelValues() {
        Map<String, Object> profile = CelValues.of(GOLD_IN_TOKYO);
        assertThat(profile).doesNotContainKey("lastName").containsEntry("version", 3L).containsEntry("preferredChannel", "LINE")
                .containsEntry("birthDate", "1990-12-24");
        @SuppressWarnings("unchecked")
        Map<String, Object> traits = (Map<String, Object>) profile.get("traits");
        assertThat(traits).containsEntry("loyaltyPoints", 1_234L).containsEntry("purchases12Months", 7L)
                .containsEntry("lastPurchaseAt", Instant.parse("2026-09-01T00:00:00Z"));
        assertThat(((Map<?, ?>) traits.get("spend12Months")).get("amount")).isEqualTo(120_000.0);
    }
}
