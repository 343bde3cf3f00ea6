package io.omniretail.orchestration.journey;

import java.time.Duration;
import java.util.List;

/**
 * A declarative, versioned journey: what starts it, which events it waits for (each keyed by the order the
 * journey is about) and for how long at most, and the notification it sends when done. Instances keep the
 * version they started with, so a changed definition never alters journeys already running.
 *
 * @param waitsFor    fact kinds to wait for (a fact may also be optional, see {@link Journeys})
 * @param templateId  notification template of the final action
 * @param purpose     consent purpose of that notification
 */
public record JourneyDefinition(String id, int version, String trigger, List<String> waitsFor, Duration maxWait,
        String templateId, String purpose) {
}
