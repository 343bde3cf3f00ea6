package io.omniretail.customer.segments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.omniretail.kit.rules.RuleLanguage;

/** Every shipped segment rule compiles: a broken rule fails the build here, with its position, before any start. */
class SegmentRulesTest {

    @Test
    void theBirthdayMonthBeginsAtMidnightInTheCustomersOwnZone() throws Exception {
        String rule = shippedRules().get("omniretail.segments.birthday-month.rule");
        Map<String, Object> tokyo = Map.of("birthDate", "1990-12-24", "timeZone", "Asia/Tokyo");
        Map<String, Object> newYork = Map.of("birthDate", "1990-12-24", "timeZone", "America/New_York");
        Instant decemberFirstHalfPastMidnightInTokyo = Instant.parse("2026-11-30T15:30:00Z");
        Instant novemberThirtiethElevenPmInTokyo = Instant.parse("2026-11-30T14:00:00Z");

        assertThat(holds(rule, tokyo, decemberFirstHalfPastMidnightInTokyo)).isTrue();
        assertThat(holds(rule, tokyo, novemberThirtiethElevenPmInTokyo)).isFalse();
        assertThat(holds(rule, newYork, decemberFirstHalfPastMidnightInTokyo)).as("still 30 November in New York").isFalse();
        assertThat(holds(rule, newYork, Instant.parse("2026-12-01T05:00:00Z"))).isTrue();
        assertThat(holds(rule, tokyo, Instant.parse("2027-01-01T00:00:00Z"))).as("January in Tokyo").isFalse();
        assertThat(holds(rule, Map.of("timeZone", "Asia/Tokyo"), decemberFirstHalfPastMidnightInTokyo)).as("no birth date").isFalse();
    }

    private static boolean holds(String rule, Map<String, Object> profile, Instant now) {
        return RuleLanguage.SEGMENTS.compile(rule).evaluate(Map.of("profile", profile, "now", now)).holds();
    }

    private static Map<String, String> shippedRules() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = SegmentRulesTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        Map<String, String> rules = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(n -> n.startsWith("omniretail.segments.") && n.endsWith(".rule"))
                .forEach(n -> rules.put(n, properties.getProperty(n)));
        return rules;
    }

    @Test
    void everyShippedSegmentRuleCompiles() throws Exception {
        Map<String, String> rules = shippedRules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
        rules.forEach((name, rule) -> assertThat(RuleLanguage.SEGMENTS.compile(rule).expression()).as(name).isEqualTo(rule));
    }
}
