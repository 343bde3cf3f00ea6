package io.omniretail.notifications.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A daily quiet window in the customer's own time zone, e.g. 21:00 to 09:00 (across midnight) or 12:00 to 13:00.
 * Pure: every answer is computed from the instant, the zone and the window, through java.time's zone rules, so the
 * weekday, the day boundary and daylight saving are the customer's, never UTC's. A local opening time that does not
 * exist on a day (inside a spring-forward gap) opens at the first instant after the gap; one that exists twice (an
 * autumn overlap) opens at the earlier of the two.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public QuietHours {
        if (start.equals(end)) {
            throw new IllegalArgumentException("a quiet window needs different start and end times, got " + start);
        }
    }

    /** When the window holding {@code at} opens again, in the customer's zone; empty when {@code at} is outside it. */
    public Optional<ZonedDateTime> opensAfter(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        if (start.isBefore(end)) { // within one day, e.g. 12:00-13:00
            return !time.isBefore(start) && time.isBefore(end) ? Optional.of(ZonedDateTime.of(day, end, zone)) : Optional.empty();
        }
        if (!time.isBefore(start)) { // evening part of 21:00-09:00: opens tomorrow morning
            return Optional.of(ZonedDateTime.of(day.plusDays(1), end, zone));
        }
        if (time.isBefore(end)) { // morning part: opens today
            return Optional.of(ZonedDateTime.of(day, end, zone));
        }
        return Optional.empty();
    }

    /**
     * The release instant of a held message: the opening plus an offset in [0, spread) drawn from the notification id,
     * so the messages held overnight leave over the spread instead of as one burst at the opening, and the same
     * notification always gets the same instant (a replay computes what was stored).
     */
    public static Instant spread(ZonedDateTime opening, Duration spread, String notificationId) {
        long millis = spread.toMillis();
        if (millis <= 0) {
            return opening.toInstant();
        }
        return opening.toInstant().plusMillis(Math.floorMod((long) notificationId.hashCode() * 2_654_435_761L, millis));
    }
}
