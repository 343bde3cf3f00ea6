package io.omniretail.notifications.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The service's clock in tests: real time flowing from a chosen instant, so a test can stand at 23:00 in Tokyo or on
 * the night daylight saving ends, then move to the morning, while the service's timers keep running. Between tests it
 * stands at noon in Tokyo on 2026-12-02, so messages of tests that are not about the hour are never held.
 */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

    public static final Instant NOON_IN_TOKYO = Instant.parse("2026-12-02T03:00:00Z");

    private volatile Duration offset = Duration.between(Instant.now(), NOON_IN_TOKYO);

    /** From now on the clock reads {@code at}, and runs on from there. */
    public void standAt(Instant at) {
        offset = Duration.between(Instant.now(), at);
    }

    public void reset() {
        standAt(NOON_IN_TOKYO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service reads instants only");
    }
}
