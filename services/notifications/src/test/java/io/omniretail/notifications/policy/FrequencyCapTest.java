package io.omniretail.notifications.policy;

import static io.omniretail.events.customer.ContactChannel.EMAIL;
import static io.omniretail.events.customer.ContactChannel.SMS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.omniretail.notifications.policy.FrequencyCap.Sent;

class FrequencyCapTest {

    static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");
    static final FrequencyCap DAY = new FrequencyCap("per-day", 1, Duration.ofDays(1), Optional.empty());
    static final FrequencyCap WEEK = new FrequencyCap("per-week", 3, Duration.ofDays(7), Optional.empty());
    static final FrequencyCap SMS_WEEK = new FrequencyCap("sms-per-week", 1, Duration.ofDays(7), Optional.of(SMS));
    static final List<FrequencyCap> CAPS = List.of(DAY, WEEK, SMS_WEEK);

    @Test
    void theFirstMessageGoes() {
        assertThat(FrequencyCap.exceeded(CAPS, EMAIL, List.of(), NOW)).isEmpty();
    }

    @Test
    void aSecondWithinTheRollingDayIsCappedAndOneADayLaterIsNot() {
        List<Sent> sent = List.of(new Sent(EMAIL, NOW.minus(Duration.ofHours(23))));
        assertThat(FrequencyCap.exceeded(CAPS, EMAIL, sent, NOW)).contains(DAY);
        assertThat(FrequencyCap.exceeded(CAPS, EMAIL, sent, NOW.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void theWeeklyCapCountsEveryChannel() {
        List<Sent> sent = List.of(new Sent(EMAIL, NOW.minus(Duration.ofDays(2))), new Sent(EMAIL, NOW.minus(Duration.ofDays(4))),
                new Sent(SMS, NOW.minus(Duration.ofDays(6))));
        assertThat(FrequencyCap.exceeded(CAPS, EMAIL, sent, NOW)).contains(WEEK);
        assertThat(FrequencyCap.exceeded(CAPS, EMAIL, sent, NOW.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void aChannelCapBlocksOnlyItsChannel() {
        List<Sent> sent = List.of(new Sent(SMS, NOW.minus(Duration.ofDays(3))));
        assertThat(FrequencyCap.exceeded(CAPS, SMS, sent, NOW)).contains(SMS_WEEK);
        assertThat(FrequencyCap.exceeded(CAPS, EMAIL, sent, NOW)).isEmpty();
    }

    @Test
    void theHorizonIsTheLongestWindowAndTheReasonNamesTheCap() {
        assertThat(FrequencyCap.horizon(CAPS)).isEqualTo(Duration.ofDays(7));
        assertThat(FrequencyCap.horizon(List.of())).isEqualTo(Duration.ZERO);
        assertThat(SMS_WEEK.describe()).isEqualTo("sms-per-week: at most 1 marketing message per PT168H on SMS");
        assertThat(WEEK.describe()).isEqualTo("per-week: at most 3 marketing messages per PT168H across channels");
    }
}
