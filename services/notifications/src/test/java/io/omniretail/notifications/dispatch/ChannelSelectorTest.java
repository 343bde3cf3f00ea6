package io.omniretail.notifications.dispatch;

import static io.omniretail.events.customer.ConsentPurpose.MARKETING;
import static io.omniretail.events.customer.ConsentPurpose.TRANSACTIONAL;
import static io.omniretail.events.customer.ConsentPurpose.UNKNOWN;
import static io.omniretail.events.customer.ContactChannel.EMAIL;
import static io.omniretail.events.customer.ContactChannel.LINE;
import static io.omniretail.events.customer.ContactChannel.SMS;
import static io.omniretail.events.customer.ContactChannel.VOICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.ContactChannel;
import io.omniretail.notifications.dispatch.ChannelSelector.Decision;

class ChannelSelectorTest {

    static final List<ContactChannel> ORDER = List.of(EMAIL, SMS, LINE);

    private static String addresses(ContactChannel channel) {
        return switch (channel) {
            case EMAIL -> "hana@example.jp";
            case SMS, VOICE -> "+819012345678";
            default -> null;
        };
    }

    @Test
    void preferredChannelComesFirstThenTheFallbackOrderWithAnAddress() {
        assertThat(ChannelSelector.candidates(null, SMS, TRANSACTIONAL, ORDER, ChannelSelectorTest::addresses, Map.of()))
                .containsExactly(SMS, EMAIL);
    }

    @Test
    void transactionalMessagesRespectAnExplicitNoButNeedNoOptIn() {
        assertThat(ChannelSelector.candidates(null, EMAIL, TRANSACTIONAL, ORDER, ChannelSelectorTest::addresses,
                Map.of(new Decision(EMAIL, TRANSACTIONAL), false))).containsExactly(SMS);
    }

    @Test
    void marketingNeedsAnExplicitYesPerChannel() {
        assertThat(ChannelSelector.candidates(null, EMAIL, MARKETING, ORDER, ChannelSelectorTest::addresses, Map.of())).isEmpty();
        assertThat(ChannelSelector.candidates(null, EMAIL, MARKETING, ORDER, ChannelSelectorTest::addresses,
                Map.of(new Decision(SMS, MARKETING), true, new Decision(EMAIL, MARKETING), false))).containsExactly(SMS);
    }

    @Test
    void aPurposeThisVersionDoesNotKnowIsTreatedAsMarketing() {
        assertThat(ChannelSelector.candidates(null, EMAIL, UNKNOWN, ORDER, ChannelSelectorTest::addresses, Map.of())).isEmpty();
        assertThat(ChannelSelector.candidates(null, EMAIL, UNKNOWN, ORDER, ChannelSelectorTest::addresses,
                Map.of(new Decision(EMAIL, MARKETING), true))).containsExactly(EMAIL);
    }

    @Test
    void aChannelOutsideTheFallbackOrderIsUsedOnlyWhenAsked() {
        assertThat(ChannelSelector.candidates(null, null, TRANSACTIONAL, ORDER, ChannelSelectorTest::addresses, Map.of()))
                .containsExactly(EMAIL, SMS);
        assertThat(ChannelSelector.candidates(VOICE, null, TRANSACTIONAL, ORDER, ChannelSelectorTest::addresses, Map.of()))
                .containsExactly(VOICE, EMAIL, SMS);
    }

    @Test
    void aChannelWithoutAddressIsNeverChosenEvenWhenRequested() {
        assertThat(ChannelSelector.candidates(LINE, null, TRANSACTIONAL, ORDER, ChannelSelectorTest::addresses, Map.of()))
                .containsExactly(EMAIL, SMS);
    }

    @Test
    void languageFollowsTheLocaleWhenATemplateExists() {
        assertThat(ChannelSelector.language("ja-JP", List.of("ja", "en"), "en")).isEqualTo("ja");
        assertThat(ChannelSelector.language("fr-FR", List.of("ja", "en"), "en")).isEqualTo("en");
        assertThat(ChannelSelector.language(null, List.of("ja", "en"), "en")).isEqualTo("en");
    }
}
