package io.omniretail.kit.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CardNumbersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the schemes' published test numbers, as people type them
            "4111111111111111|************1111",
            "4111 1111 1111 1111|************1111",
            "4111-1111-1111-1111|************1111",
            "378282246310005|***********0005", // American Express, 15 digits in 4-6-5 groups below
            "3782 822463 10005|***********0005",
            "5555555555554444|************4444",
            "3530111333300000|************0000", // JCB
            "6011111111111117|************1117",
            "4222222222222|*********2222", // 13-digit Visa
            "6304000000000000000|***************0000", // 19 digits
    })
    void aCardNumberKeepsOnlyItsLastFourDigits(String typed, String masked) {
        assertThat(CardNumbers.mask(typed)).isEqualTo(masked);
        assertThat(CardNumbers.contains(typed)).isTrue();
    }

    @Test
    void fullWidthDigitsAndSeparatorsTypedOnAJapaneseKeyboardAreMaskedToo() {
        assertThat(CardNumbers.mask("カード番号は４１１１１１１１１１１１１１１１です")).isEqualTo("カード番号は************1111です");
        assertThat(CardNumbers.mask("カード番号は４１１１　１１１１ー１１１１ー１１１１です")).isEqualTo("カード番号は************1111です");
        assertThat(CardNumbers.mask("カード番号は４１１１－１１１１－１１１１－１１１１です")).isEqualTo("カード番号は************1111です");
        assertThat(CardNumbers.mask("4111 1111-1111 1111")).isEqualTo("************1111");
    }

    @Test
    void theRestOfTheMessageIsKeptAndEveryCardInItIsMasked() {
        assertThat(CardNumbers.mask("my card is 4111 1111 1111 1111, or use 5555-5555-5555-4444 instead"))
                .isEqualTo("my card is ************1111, or use ************4444 instead");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111112", // fails Luhn
            "order #1001234567890 has not arrived", // an order number that fails Luhn
            "call me on +81 90 1234 5678", // a phone number: too few digits
            "411111111111", // 12 digits
            "41111111111111111111", // 20 digits: not a card, and no card inside a longer run
            "4111 1111 1111 1111 1111", // 20 digits in groups: no window inside is checked
            "4111   1111 1111 1111", // three spaces: two numbers, each too short
            "where is my order?",
            ""
    })
    void numbersThatAreNotCardsAreLeftAlone(String text) {
        assertThat(CardNumbers.mask(text)).isSameAs(text);
        assertThat(CardNumbers.contains(text)).isFalse();
    }

    @Test
    void nullStaysNull() {
        assertThat(CardNumbers.mask(null)).isNull();
        assertThat(CardNumbers.contains(null)).isFalse();
    }

    @Test
    void theLuhnCheckAcceptsValidAndRejectsMistypedNumbers() {
        assertThat(CardNumbers.luhn("79927398713")).isTrue();
        assertThat(CardNumbers.luhn("79927398710")).isFalse();
        assertThat(CardNumbers.luhn("0")).isTrue();
    }
}
