package io.omniretail.notifications.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.omniretail.events.customer.ContactChannel;

/**
 * At most {@code max} marketing messages per customer in any rolling {@code per} (e.g. 1 per P1D, 3 per P7D), across
 * all channels or on one. Rolling windows need no calendar: they cannot break at a day boundary in any zone. Pure.
 */
public record FrequencyCap(String name, int max, Duration per, Optional<ContactChannel> channel) {

    /** One marketing message already sent: on which channel, when. */
    public record Sent(ContactChannel channel, Instant at) {
    }

    /** The first cap a new message on {@code channel} would exceed, given what was sent; empty when it may go. */
    public static Optional<FrequencyCap> exceeded(Collection<FrequencyCap> caps, ContactChannel channel, List<Sent> sent, Instant now) {
        for (FrequencyCap cap : caps) {
            if (cap.channel().isPresent() && cap.channel().get() != channel) {
                continue;
            }
            Instant since = now.minus(cap.per());
            long counted = sent.stream().filter(s -> s.at().isAfter(since))
                    .filter(s -> cap.channel().isEmpty() || cap.channel().get() == s.channel()).count();
            if (counted >= cap.max()) {
                return Optional.of(cap);
            }
        }
        return Optional.empty();
    }

    /** The longest window of the caps: how far back sent messages matter. */
    public static Duration horizon(Collection<FrequencyCap> caps) {
        return caps.stream().map(FrequencyCap::per).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public String describe() {
        return name + ": at most " + max + " marketing message" + (max == 1 ? "" : "s") + " per " + per
                + channel.map(c -> " on " + c).orElse(" across channels");
    }
}
