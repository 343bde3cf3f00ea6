package io.omniretail.notifications.time;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one clock of every time rule here (quiet hours, notBefore, frequency caps, releases, link expiry): the system's
 * UTC clock. Tests replace it to stand at 23:00 in Tokyo or on the night daylight saving ends.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
