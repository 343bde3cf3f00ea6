package io.omniretail.customer.segments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.omniretail.kit.rules.RuleLanguage;

/** Every shipped segment rule compiles: a broken rule fails the build here, with its position, before any start. */
class SegmentRulesTest {

    @Test
    void everyShippedSegmentRuleCompiles() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        Map<String, String> rules = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(n -> n.startsWith("omniretail.segments.") && n.endsWith(".rule"))
                .forEach(n -> rules.put(n, properties.getProperty(n)));
        assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
        rules.forEach((name, rule) -> assertThat(RuleLanguage.SEGMENTS.compile(rule).expression()).as(name).isEqualTo(rule));
    }
}
