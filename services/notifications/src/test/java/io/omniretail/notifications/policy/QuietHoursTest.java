package io.omniretail.notifications.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class QuietHoursTest {

    static final QuietHours NIGHT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(9, 0));
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void elevenAtNightInTokyoOpensAtNineNextMorningInTokyo() {
        Instant at = ZonedDateTime.of(2026, 12, 2, 23, 0, 0, 0, TOKYO).toInstant(); // 14:00 UTC, a weekday afternoon in UTC
        assertThat(NIGHT.opensAfter(at, TOKYO)).contains(ZonedDateTime.of(2026, 12, 3, 9, 0, 0, 0, TOKYO));
    }

    @Test
    void justAfterMidnightLocallyOpensTheSameLocalDayEvenWhileUtcIsStillTheDayBefore() {
        Instant at = ZonedDateTime.of(2026, 12, 3, 0, 30, 0, 0, TOKYO).toInstant(); // 2026-12-02T15:30Z
        assertThat(NIGHT.opensAfter(at, TOKYO)).contains(ZonedDateTime.of(2026, 12, 3, 9, 0, 0, 0, TOKYO));
    }

    @Test
    void theWindowsEdgesBelongToTheRightSide() {
        assertThat(NIGHT.opensAfter(ZonedDateTime.of(2026, 12, 3, 9, 0, 0, 0, TOKYO).toInstant(), TOKYO)).isEmpty();
        assertThat(NIGHT.opensAfter(ZonedDateTime.of(2026, 12, 3, 8, 59, 59, 0, TOKYO).toInstant(), TOKYO)).isPresent();
        assertThat(NIGHT.opensAfter(ZonedDateTime.of(2026, 12, 3, 20, 59, 59, 0, TOKYO).toInstant(), TOKYO)).isEmpty();
        assertThat(NIGHT.opensAfter(ZonedDateTime.of(2026, 12, 3, 21, 0, 0, 0, TOKYO).toInstant(), TOKYO)).isPresent();
    }

    @Test
    void acrossTheEndOfDaylightSavingTheOpeningIsNineLocalWhichIsAnHourLaterInUtc() {
        // 2026-10-31 22:00 EDT (UTC-4); the clocks go back at 02:00 on 2026-11-01, so 09:00 that morning is EST (UTC-5)
        Instant at = ZonedDateTime.of(2026, 10, 31, 22, 0, 0, 0, NEW_YORK).toInstant();
        ZonedDateTime opening = NIGHT.opensAfter(at, NEW_YORK).orElseThrow();
        assertThat(opening.toLocalTime()).isEqualTo(LocalTime.of(9, 0));
        assertThat(opening.toInstant()).isEqualTo(Instant.parse("2026-11-01T14:00:00Z"));
        assertThat(Duration.between(at, opening.toInstant())).isEqualTo(Duration.ofHours(12)); // 11 h on the wall, 12 real
    }

    @Test
    void acrossTheStartOfDaylightSavingTheOpeningIsNineLocalWhichIsAnHourEarlierInUtc() {
        Instant at = ZonedDateTime.of(2027, 3, 13, 22, 0, 0, 0, NEW_YORK).toInstant(); // EST; DST starts 2027-03-14 02:00
        ZonedDateTime opening = NIGHT.opensAfter(at, NEW_YORK).orElseThrow();
        assertThat(opening.toInstant()).isEqualTo(Instant.parse("2027-03-14T13:00:00Z"));
        assertThat(Duration.between(at, opening.toInstant())).isEqualTo(Duration.ofHours(10));
    }

    @Test
    void anOpeningInsideTheSpringForwardGapIsTheFirstInstantAfterIt() {
        QuietHours untilHalfPastTwo = new QuietHours(LocalTime.of(1, 0), LocalTime.of(2, 30));
        Instant at = ZonedDateTime.of(2027, 3, 14, 1, 30, 0, 0, NEW_YORK).toInstant();
        assertThat(untilHalfPastTwo.opensAfter(at, NEW_YORK).orElseThrow().toInstant())
                .isEqualTo(Instant.parse("2027-03-14T07:30:00Z")); // 03:30 EDT: 02:30 never happened that night
    }

    @Test
    void aWindowWithinOneDayHoldsOnlyInsideIt() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0));
        assertThat(lunch.opensAfter(ZonedDateTime.of(2026, 12, 3, 12, 15, 0, 0, TOKYO).toInstant(), TOKYO))
                .contains(ZonedDateTime.of(2026, 12, 3, 13, 0, 0, 0, TOKYO));
        assertThat(lunch.opensAfter(ZonedDateTime.of(2026, 12, 3, 23, 0, 0, 0, TOKYO).toInstant(), TOKYO)).isEmpty();
    }

    @Test
    void heldMessagesAreSpreadOverTheSpreadAndEachAlwaysGetsTheSameInstant() {
        ZonedDateTime opening = ZonedDateTime.of(2026, 12, 3, 9, 0, 0, 0, TOKYO);
        Duration spread = Duration.ofMinutes(30);
        var releases = IntStream.range(0, 1_000).mapToObj(i -> QuietHours.spread(opening, spread, "notification-" + i)).toList();
        assertThat(releases).allSatisfy(r -> assertThat(r).isBetween(opening.toInstant(), opening.toInstant().plus(spread).minusMillis(1)));
        long firstMinute = releases.stream().filter(r -> r.isBefore(opening.toInstant().plusSeconds(60))).count();
        assertThat(firstMinute).as("about 1/30 of them in the first minute, not all").isLessThan(100);
        assertThat(QuietHours.spread(opening, spread, "notification-7")).isEqualTo(releases.get(7));
        assertThat(QuietHours.spread(opening, Duration.ZERO, "x")).isEqualTo(opening.toInstant());
    }
}
