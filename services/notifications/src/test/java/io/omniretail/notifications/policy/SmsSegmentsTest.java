package io.omniretail.notifications.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.omniretail.events.notification.SmsEncoding;

class SmsSegmentsTest {

    @Test
    void plainEnglishIsGsm7AndFitsOneSegmentUpTo160Characters() {
        assertThat(SmsSegments.of("a".repeat(160))).isEqualTo(new SmsSegments.Count(SmsEncoding.GSM_7, 1, 160));
        assertThat(SmsSegments.of("a".repeat(161))).isEqualTo(new SmsSegments.Count(SmsEncoding.GSM_7, 2, 161));
        assertThat(SmsSegments.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void extensionCharactersTakeTwoSeptetsAndNeverSplitAcrossSegments() {
        assertThat(SmsSegments.of("€".repeat(80))).isEqualTo(new SmsSegments.Count(SmsEncoding.GSM_7, 1, 160));
        assertThat(SmsSegments.of("€".repeat(81)).segments()).isEqualTo(2);
        // 152 septets then a 2-septet character: it moves whole to the second segment
        assertThat(SmsSegments.of("a".repeat(152) + "€" + "a".repeat(10)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(152) + "€" + "a".repeat(152)).segments()).isEqualTo(3);
    }

    @Test
    void japaneseIsUcs2With70CharactersInOneSegmentAnd67PerPartAfter() {
        assertThat(SmsSegments.of("あ".repeat(70))).isEqualTo(new SmsSegments.Count(SmsEncoding.UCS_2, 1, 70));
        assertThat(SmsSegments.of("あ".repeat(71)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("あ".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("あ".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void oneCharacterOutsideGsmMakesTheWholeTextUcs2() {
        assertThat(SmsSegments.of("Thanks for your order! ご注文").encoding()).isEqualTo(SmsEncoding.UCS_2);
        assertThat(SmsSegments.of("Price: £5 & 10% off @ store").encoding()).isEqualTo(SmsEncoding.GSM_7);
    }

    @Test
    void anEmojiIsTwoUcs2UnitsAndIsNotSplit() {
        assertThat(SmsSegments.of("😀".repeat(35))).isEqualTo(new SmsSegments.Count(SmsEncoding.UCS_2, 1, 70));
        assertThat(SmsSegments.of("a" + "😀".repeat(34)).units()).isEqualTo(69);
        assertThat(SmsSegments.of("a" + "😀".repeat(35)).segments()).isEqualTo(2);
        // 66 units, then an emoji would end the first part at 68 > 67: it opens the second part whole (2 + 65 = 67)
        assertThat(SmsSegments.of("a" + "あ".repeat(65) + "😀" + "あ".repeat(65)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a" + "あ".repeat(65) + "😀" + "あ".repeat(66)).segments()).isEqualTo(3);
    }
}
