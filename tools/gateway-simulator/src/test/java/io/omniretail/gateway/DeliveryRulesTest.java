package io.omniretail.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.DeliveryStatus;
import io.omniretail.gateway.DeliveryRules.Verdict;

class DeliveryRulesTest {

    private static final String LINE_ID = "U" + "4af4980629a0f1c7c1ae8d2b0a0f3c2e";
    private final DeliveryRules none = DeliveryRules.none();

    @Test
    void smsNeedsAnE164Number() {
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "+819012345678")).isEmpty();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "+12025550123")).isEmpty();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "+12345678")).isEmpty(); // 8 digits: shortest
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "+123456789012345")).isEmpty(); // 15: longest

        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "09012345678")).isPresent(); // no +
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "+0901234567")).isPresent(); // country code 0
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "+1234567")).isPresent(); // 7 digits
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "+1234567890123456")).isPresent(); // 16
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "+81 90 1234 5678")).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.SMS, "")).isPresent();
    }

    @Test
    void emailNeedsAnAtAndADotAfterIt() {
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "hanako@example.jp")).isEmpty();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "a.b+tag@mail.example.co.jp")).isEmpty();

        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "hanako.example.jp")).isPresent(); // no @
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "hanako@localhost")).isPresent(); // no dot after @
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "first.last@localhost")).isPresent(); // dot only before @
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "@example.jp")).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "a@b@example.jp")).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "hanako@.jp")).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "hanako@example.")).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.EMAIL, "hana ko@example.jp")).isPresent();
    }

    @Test
    void lineNeedsAUserIdOf33CharactersStartingWithU() {
        assertThat(LINE_ID).hasSize(33);
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.LINE, LINE_ID)).isEmpty();

        assertThat(DeliveryRules.invalidRecipient(ContactChannel.LINE, "X" + LINE_ID.substring(1))).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.LINE, LINE_ID.substring(0, 32))).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.LINE, LINE_ID + "0")).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.LINE, "+819012345678")).isPresent();
    }

    @Test
    void pushNeedsANonEmptyToken() {
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.PUSH, "fcm:dQw4w9WgXcQ:APA91bH")).isEmpty();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.PUSH, "")).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.PUSH, "   ")).isPresent();
        assertThat(DeliveryRules.invalidRecipient(ContactChannel.PUSH, null)).isPresent();
    }

    @Test
    void anInvalidRecipientIsRejected() {
        Verdict verdict = none.decide(ContactChannel.SMS, "090-1234-5678");

        assertThat(verdict.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(verdict.errorCode()).isEqualTo(DeliveryRules.INVALID_RECIPIENT);
        assertThat(verdict.errorMessage()).contains("E.164");
        assertThat(none.decide(ContactChannel.EMAIL, "nobody").errorCode()).isEqualTo("invalid-recipient");
    }

    @Test
    void aValidRecipientWithoutAFailureRuleIsAccepted() {
        assertThat(none.decide(ContactChannel.SMS, "+819012345678")).isEqualTo(Verdict.accepted());
        assertThat(none.decide(ContactChannel.EMAIL, "hanako@example.jp").isAccepted()).isTrue();
        assertThat(none.decide(ContactChannel.LINE, LINE_ID).isAccepted()).isTrue();
        assertThat(none.decide(ContactChannel.PUSH, "token-1").isAccepted()).isTrue();
        assertThat(Verdict.accepted().errorCode()).isNull();
    }

    @Test
    void listedRecipientsFailAtTheProvider() {
        DeliveryRules rules = DeliveryRules.of(" +819000000001 , down@example.jp,,", null);

        Verdict sms = rules.decide(ContactChannel.SMS, "+819000000001");
        assertThat(sms.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(sms.errorCode()).isEqualTo(DeliveryRules.PROVIDER_UNAVAILABLE);
        assertThat(rules.decide(ContactChannel.EMAIL, "down@example.jp").status()).isEqualTo(DeliveryStatus.FAILED);

        assertThat(rules.decide(ContactChannel.SMS, "+819000000002").isAccepted()).isTrue();
        assertThat(rules.failingRecipients()).containsExactlyInAnyOrder("+819000000001", "down@example.jp");
    }

    @Test
    void recipientsMatchingThePatternAsAWholeFailAtTheProvider() {
        DeliveryRules rules = new DeliveryRules(List.of(), ".*@fail\\.example|\\+8199.*");

        assertThat(rules.decide(ContactChannel.EMAIL, "taro@fail.example").status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(rules.decide(ContactChannel.SMS, "+819912345678").errorCode()).isEqualTo("provider-unavailable");

        assertThat(rules.decide(ContactChannel.EMAIL, "taro@fail.example.jp").isAccepted()).isTrue(); // whole match only
        assertThat(rules.decide(ContactChannel.SMS, "+819012345678").isAccepted()).isTrue();
        assertThat(rules.failPattern()).contains(".*@fail\\.example|\\+8199.*");
    }

    @Test
    void anInvalidRecipientIsRejectedEvenWhenTheFailureRuleNamesIt() {
        DeliveryRules rules = DeliveryRules.of("not-a-phone", ".*");

        Verdict verdict = rules.decide(ContactChannel.SMS, "not-a-phone");

        assertThat(verdict.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(verdict.errorCode()).isEqualTo("invalid-recipient");
    }

    @Test
    void blankRulesMeanNoFailures() {
        DeliveryRules rules = DeliveryRules.of("", " ");

        assertThat(rules.failingRecipients()).isEmpty();
        assertThat(rules.failPattern()).isEmpty();
        assertThat(rules.failsAtProvider("+819012345678")).isFalse();
        assertThat(DeliveryRules.of(null, null).failsAtProvider("x")).isFalse();
    }

    @Test
    void channelsWithoutASimulatedProviderAreRejected() {
        Verdict verdict = none.decide(ContactChannel.UNKNOWN, "+819012345678");

        assertThat(verdict.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(verdict.errorCode()).isEqualTo(DeliveryRules.UNSUPPORTED_CHANNEL);
    }

    @Test
    void voiceCallsAPhoneNumberAndChatAnAccount() {
        assertThat(none.decide(ContactChannel.VOICE, "+819012345678").isAccepted()).isTrue();
        assertThat(none.decide(ContactChannel.VOICE, "hana@example.jp").errorCode()).isEqualTo(DeliveryRules.INVALID_RECIPIENT);
        assertThat(none.decide(ContactChannel.CHAT, "account-42").isAccepted()).isTrue();
        assertThat(none.decide(ContactChannel.CHAT, " ").errorCode()).isEqualTo(DeliveryRules.INVALID_RECIPIENT);
    }

    @Test
    void anInvalidPatternIsRefusedAtStartup() {
        assertThatThrownBy(() -> DeliveryRules.of(null, "([unclosed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("omniretail.gateway.fail-pattern");
    }
}
