package io.omniretail.notifications.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChannelSelectorTest {

    private static String addresses(String channel) {
        return switch (channel) {
            case "EMAIL" -> "hana@example.jp";
            case "SMS" -> "+819012345678";
            default -> null;
        };
    }

    @Test
    void preferredChannelComesFirstThenTheOthersWithAnAddress() {
        assertThat(ChannelSelector.candidates(null, "SMS", "TRANSACTIONAL", ChannelSelectorTest::addresses, Map.of()))
                .containsExactly("SMS", "EMAIL");
    }

    @Test
    void transactionalMessagesRespectAnExplicitNoButNeedNoOptIn() {
        assertThat(ChannelSelector.candidates(null, "EMAIL", "TRANSACTIONAL", ChannelSelectorTest::addresses,
                Map.of("EMAIL/TRANSACTIONAL", false))).containsExactly("SMS");
    }

    @Test
    void marketingNeedsAnExplicitYesPerChannel() {
        assertThat(ChannelSelector.candidates(null, "EMAIL", "MARKETING", ChannelSelectorTest::addresses, Map.of())).isEmpty();
        assertThat(ChannelSelector.candidates(null, "EMAIL", "MARKETING", ChannelSelectorTest::addresses,
                Map.of("SMS/MARKETING", true, "EMAIL/MARKETING", false))).containsExactly("SMS");
    }

    @Test
    void aChannelWithoutAddressIsNeverChosenEvenWhenRequested() {
        assertThat(ChannelSelector.candidates("LINE", null, "TRANSACTIONAL", ChannelSelectorTest::addresses, Map.of()))
                .containsExactly("EMAIL", "SMS");
    }

    @Test
    void languageFollowsTheLocaleWhenATemplateExists() {
        assertThat(ChannelSelector.language("ja-JP", List.of("ja", "en"), "en")).isEqualTo("ja");
        assertThat(ChannelSelector.language("fr-FR", List.of("ja", "en"), "en")).isEqualTo("en");
        assertThat(ChannelSelector.language(null, List.of("ja", "en"), "en")).isEqualTo("en");
    }
}
